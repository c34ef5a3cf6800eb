"""Writing to the security audit trail [SEC-AUDIT-CHAIN].

`audit_record` joins the caller's transaction when there is one: the record commits with the change it
describes (a refund, a role change) or not at all. The chain's head row is locked while appending, so
concurrent appends from any number of processes queue up and every record links to the one before it.
"""

import ipaddress
import json
import logging

from django.db import transaction
from django.utils import timezone

from tijara.audit import chain, locks
from tijara.audit.events import AuditEvent
from tijara.audit.middleware import current_ip
from tijara.audit.models import AuditHead, AuditRecord
from tijara.core.throttle import client_address

log = logging.getLogger(__name__)

TARGET_MAX = 200


def _clean_data(data: object) -> str:
    """Any `data` becomes canonical JSON text; what cannot be serialised is kept as its text (never raises)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        data = {"value": data}
    try:
        return chain.canonical_json(json.loads(json.dumps(data, default=str)))
    except (TypeError, ValueError, RecursionError):
        return chain.canonical_json({"unserialisable": repr(data)[:500]})


def _clean_ip(ip: str) -> str:
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return ""


def _actor_id(actor: object) -> int | None:
    """A user, or a user's id (saves a query when the caller holds only a membership's `user_id`)."""
    if isinstance(actor, int) and not isinstance(actor, bool):
        return actor
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return getattr(actor, "pk", None)


def audit_record(event: str, *, actor: object = None, merchant_id: int | None = None, target: str = "",
                 data: dict | None = None, ip: str = "") -> None:
    """Append one chained record (in the caller's transaction, or its own).

    Call it last in the caller's transaction (after its own row locks): the chain's head is locked until
    the caller commits, and taking it last keeps the lock order the same everywhere. `ip` defaults to the
    address of the request being served.
    """
    if event not in AuditEvent.values:
        raise ValueError(f"unknown audit event {event!r}")
    data_json = _clean_data(data)
    target = str(target or "")[:TARGET_MAX]
    ip = _clean_ip(ip or current_ip())
    actor_id = _actor_id(actor)
    with transaction.atomic():
        head = locks.head_for_update()
        if head is None:
            AuditHead.objects.bulk_create([AuditHead(pk=locks.HEAD_PK)], ignore_conflicts=True)
            head = locks.head_for_update()
        now = timezone.now()
        sequence = head.length + 1
        record_hash = chain.record_hash(sequence=sequence, created_at=now, event=event, actor_id=actor_id,
                                        merchant_id=merchant_id, target=target, data_json=data_json, ip=ip,
                                        prev_hash=head.last_hash)
        AuditRecord.objects.create(sequence=sequence, created_at=now, event=event, actor_id=actor_id,
                                   merchant_id=merchant_id, target=target, data_json=data_json, ip=ip,
                                   prev_hash=head.last_hash, record_hash=record_hash)
        AuditHead.objects.filter(pk=head.pk).update(length=sequence, last_hash=record_hash)


def request_ip(request: object) -> str:
    """The client address of a request, for `audit_record(ip=...)`: the same address the throttles count
    (behind a reverse proxy, the header `TIJARA_CLIENT_IP_HEADER` names), so the trail and the locks agree."""
    if not getattr(request, "META", None):
        return ""
    return _clean_ip(client_address(request))
