"""The incident register [SEC-INCIDENT-REGISTER] and its notifications under law 05-20.

An incident is recorded with the moment it became known; from then on two clocks run: telling the DGSSI
(through maCERT) of a significant incident or one affecting customers (arts. 30, 33) [SEC-INCIDENT-DGSSI],
and telling the affected customers (art. 26) [SEC-INCIDENT-CUSTOMERS]. The law says "without delay"; the
hours are settings. An incident cannot be closed while a notification it needs is missing. Every step is
in the audit trail.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.audit import locks
from tijara.audit.events import AuditEvent
from tijara.audit.models import Incident, IncidentSeverity
from tijara.audit.services import audit_record
from tijara.core.errors import DomainError


class IncidentError(DomainError):
    code = "incident"


@dataclass(frozen=True)
class Deadlines:
    dgssi_due: datetime | None
    customers_due: datetime | None
    dgssi_overdue: bool
    customers_overdue: bool


def incident_deadlines(incident: Incident, *, now: datetime | None = None) -> Deadlines:
    """When each required notification is due, and whether it is late (a done one is never late)."""
    now = now or timezone.now()
    dgssi_due = (incident.detected_at + timedelta(hours=settings.TIJARA_INCIDENT_DGSSI_HOURS)
                 if incident.dgssi_required else None)
    customers_due = (incident.detected_at + timedelta(hours=settings.TIJARA_INCIDENT_CUSTOMERS_HOURS)
                     if incident.customers_required else None)
    return Deadlines(
        dgssi_due=dgssi_due, customers_due=customers_due,
        dgssi_overdue=bool(dgssi_due and incident.dgssi_notified_at is None and now > dgssi_due),
        customers_overdue=bool(customers_due and incident.customers_notified_at is None and now > customers_due),
    )


def _when(value: datetime, *, after: datetime | None, field: str) -> datetime:
    if value > timezone.now() + timedelta(minutes=5):
        raise IncidentError(_("This moment is in the future."), field)
    if after is not None and value < after:
        raise IncidentError(_("This moment is before the incident was detected."), field)
    return value


def incident_open(*, actor: object, title: str, description: str, severity: str, detected_at: datetime,
                  significant: bool, customers_affected: bool, personal_data_affected: bool) -> Incident:
    """Record a new incident; its notification deadlines run from `detected_at`."""
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise IncidentError(_("Give the incident a title."), "title")
    if not description:
        raise IncidentError(_("Describe what happened."), "description")
    if severity not in IncidentSeverity.values:
        raise IncidentError(_("Choose a severity."), "severity")
    detected_at = _when(detected_at, after=None, field="detected_at")
    with transaction.atomic():
        incident = Incident.objects.create(
            title=title[:200], description=description, severity=severity, detected_at=detected_at,
            significant=significant, customers_affected=customers_affected,
            personal_data_affected=personal_data_affected, opened_by=actor)
        audit_record(AuditEvent.INCIDENT_OPENED, actor=actor, target=f"incident:{incident.pk}",
                     data={"severity": severity, "significant": significant,
                           "customers_affected": customers_affected,
                           "personal_data_affected": personal_data_affected})
    return incident


def incident_notify_dgssi(*, incident: Incident, actor: object, notified_at: datetime, reference: str) -> Incident:
    """The DGSSI (maCERT) was told: when, and the reference it gave."""
    reference = (reference or "").strip()
    if not reference:
        raise IncidentError(_("Give the reference the DGSSI gave the notification."), "reference")
    with transaction.atomic():
        incident = locks.incident_for_update(incident.pk)
        if incident.dgssi_notified_at is not None:
            raise IncidentError(_("The DGSSI notification is already recorded."), "reference")
        notified_at = _when(notified_at, after=incident.detected_at, field="notified_at")
        late = incident_deadlines(incident, now=notified_at).dgssi_overdue
        incident.dgssi_notified_at, incident.dgssi_reference = notified_at, reference[:100]
        incident.save(update_fields=["dgssi_notified_at", "dgssi_reference"])
        audit_record(AuditEvent.INCIDENT_NOTIFIED, actor=actor, target=f"incident:{incident.pk}",
                     data={"to": "dgssi", "reference": incident.dgssi_reference, "late": late})
    return incident


def incident_notify_customers(*, incident: Incident, actor: object, notified_at: datetime, notice: str) -> Incident:
    """The affected customers were told: when, and what they were told."""
    notice = (notice or "").strip()
    if not notice:
        raise IncidentError(_("Give the text the customers received."), "notice")
    with transaction.atomic():
        incident = locks.incident_for_update(incident.pk)
        if incident.customers_notified_at is not None:
            raise IncidentError(_("The customer notification is already recorded."), "notice")
        notified_at = _when(notified_at, after=incident.detected_at, field="notified_at")
        late = incident_deadlines(incident, now=notified_at).customers_overdue
        incident.customers_notified_at, incident.customers_notice = notified_at, notice
        incident.save(update_fields=["customers_notified_at", "customers_notice"])
        audit_record(AuditEvent.INCIDENT_NOTIFIED, actor=actor, target=f"incident:{incident.pk}",
                     data={"to": "customers", "late": late})
    return incident


def incident_close(*, incident: Incident, actor: object, resolution: str) -> Incident:
    """Close an incident once its required notifications are recorded."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise IncidentError(_("Say how the incident was resolved."), "resolution")
    with transaction.atomic():
        incident = locks.incident_for_update(incident.pk)
        if incident.closed_at is not None:
            raise IncidentError(_("This incident is already closed."), "resolution")
        if incident.dgssi_required and incident.dgssi_notified_at is None:
            raise IncidentError(_("Record the DGSSI notification before closing."), "resolution")
        if incident.customers_required and incident.customers_notified_at is None:
            raise IncidentError(_("Record the customer notification before closing."), "resolution")
        incident.closed_at, incident.resolution = timezone.now(), resolution
        incident.save(update_fields=["closed_at", "resolution"])
        audit_record(AuditEvent.INCIDENT_CLOSED, actor=actor, target=f"incident:{incident.pk}", data={})
    return incident
