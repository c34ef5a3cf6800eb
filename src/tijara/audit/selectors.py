"""Reads of the audit trail and the incident register, for platform staff (constant query counts)."""

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import F

from tijara.audit.events import AuditEvent
from tijara.audit.models import AuditRecord, Incident

AUDIT_PAGE_SIZE = 50


def audit_page(*, event: str = "", merchant_id: int | None = None, actor_id: int | None = None,
               page: int = 1) -> Page:
    """Newest records first, filtered; two queries (count and page)."""
    records = AuditRecord.objects.order_by("-sequence")
    if event in AuditEvent.values:
        records = records.filter(event=event)
    if merchant_id is not None:
        records = records.filter(merchant_id=merchant_id)
    if actor_id is not None:
        records = records.filter(actor_id=actor_id)
    return Paginator(records, AUDIT_PAGE_SIZE).get_page(page)


def incidents_all() -> list[Incident]:
    """Open incidents first, then the closed ones; newest first in each."""
    return list(Incident.objects.order_by(F("closed_at").asc(nulls_first=True), "-detected_at", "-pk"))


def actor_labels(records: list[AuditRecord]) -> dict[int, str]:
    """E-mail of each actor still known (one query): the records keep only the account's number."""
    ids = {r.actor_id for r in records if r.actor_id is not None}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "email")) if ids else {}


def incident_get(*, incident_id: int) -> Incident | None:
    return Incident.objects.filter(pk=incident_id).first()
