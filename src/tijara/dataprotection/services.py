"""Requests of data subjects, with the timer and their trail [DP-DSR-TIMER] [DP-ACCESS] [DP-ERASURE].

Access, objection and erasure are answered at once when they can be (erasure waits while an order is being
performed: the request stays open, on the staff queue, with its due date); rectification of anything the
person cannot correct themselves goes to platform staff. Every answer is recorded on the request, and exports
and erasures also in the security audit trail.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.core.errors import DomainError
from tijara.core.phone import normalize_phone
from tijara.dataprotection.erasure import ErasureRefused, erasure_refusal, person_erase
from tijara.dataprotection.export import access_zip
from tijara.dataprotection.models import DataRequest, RequestKind, RequestStatus
from tijara.privacy.services import objection_record
from tijara.privacy.subjects import email_normalise, subject_key


class RequestRefused(DomainError):
    code = "request_refused"


def _open(*, email: str, user: AbstractBaseUser | None, kind: str, details: str = "") -> DataRequest:
    now = timezone.now()
    return DataRequest.objects.create(
        subject_key=subject_key(email), email=email_normalise(email), kind=kind, details=details[:4000],
        user=user if user is not None and user.is_authenticated else None, created_at=now,
        due_at=now + dt.timedelta(days=settings.TIJARA_DSR_DAYS))


def _close(request: DataRequest, *, outcome: str, status: str = RequestStatus.DONE,
           actor: AbstractBaseUser | None = None) -> DataRequest:
    request.status, request.outcome, request.completed_at = status, outcome[:4000], timezone.now()
    request.handled_by = actor if actor is not None and actor.is_authenticated else None
    request.save(update_fields=["status", "outcome", "completed_at", "handled_by"])
    return request


def access_request(*, email: str, user: AbstractBaseUser | None, ip: str = "") -> tuple[DataRequest, bytes]:
    """The ZIP of everything held on the person, built now; the request is recorded as answered."""
    with transaction.atomic():
        request = _open(email=email, user=user, kind=RequestKind.ACCESS)
        archive = access_zip(email)
        _close(request, outcome=_("Copy delivered (%(size)s bytes).") % {"size": len(archive)})
        audit_record(AuditEvent.DATA_EXPORT, actor=request.user, target=f"data-request:{request.pk}", ip=ip)
    return request, archive


def objection_request(*, email: str, user: AbstractBaseUser | None) -> DataRequest:
    with transaction.atomic():
        request = _open(email=email, user=user, kind=RequestKind.OBJECTION)
        withdrawn = objection_record(email=email)
        return _close(request, outcome=_("%(n)s consents withdrawn; no marketing from now on.") % {"n": withdrawn})


def rectification_request(*, email: str, user: AbstractBaseUser | None, details: str) -> DataRequest:
    """What the person says is wrong and cannot fix on their account page: staff answer within the timer."""
    if not details.strip():
        raise RequestRefused(_("Say what is wrong and what it should be."), field="details")
    return _open(email=email, user=user, kind=RequestKind.RECTIFICATION, details=details)


def erasure_request(*, email: str, user: AbstractBaseUser | None, ip: str = "") -> DataRequest:
    """Erase now when allowed; otherwise keep the request open (with its reason) for staff to run it later."""
    with transaction.atomic():
        request = _open(email=email, user=user, kind=RequestKind.ERASURE)
        refusal = erasure_refusal(email)
        if refusal:
            request.outcome = refusal
            request.save(update_fields=["outcome"])
            return request
    return erasure_run(request=request, actor=None, ip=ip)


def erasure_run(*, request: DataRequest, actor: AbstractBaseUser | None, ip: str = "") -> DataRequest:
    if request.kind != RequestKind.ERASURE or request.status != RequestStatus.OPEN:
        raise RequestRefused(_("This request is not an open erasure."))
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        email = request.email
        if not email:
            raise RequestRefused(_("This person is already erased."))
        try:
            counts = person_erase(email=email)
        except ErasureRefused as exc:
            request.outcome = exc.message
            request.save(update_fields=["outcome"])
            raise
        request.refresh_from_db()
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        _close(request, outcome=_("Erased (%(summary)s). Invoices and the signed contract archive are kept as the "
                                  "law requires.") % {"summary": summary}, actor=actor)
        audit_record(AuditEvent.DATA_ERASURE, actor=actor, target=f"data-request:{request.pk}", data=counts, ip=ip)
    return request


def request_answer(*, request: DataRequest, actor: AbstractBaseUser, outcome: str, refused: bool = False) -> DataRequest:
    """Staff close a rectification (or refuse a request) with what they did."""
    if request.status != RequestStatus.OPEN:
        raise RequestRefused(_("This request is already answered."))
    if not outcome.strip():
        raise RequestRefused(_("Say what was done."), field="outcome")
    with transaction.atomic():
        return _close(request, outcome=outcome, actor=actor,
                      status=RequestStatus.REFUSED if refused else RequestStatus.DONE)


def account_rectify(*, user: AbstractBaseUser, full_name: str, phone: str) -> None:
    """The person corrects their own account (name, phone through core.phone)."""
    try:
        phone = normalize_phone(phone) if phone.strip() else ""
    except ValidationError as exc:
        raise RequestRefused(exc.messages[0], field="phone") from exc
    user.full_name = full_name.strip()[:150]
    user.phone = phone
    user.save(update_fields=["full_name", "phone"])
