"""Row locks of the audit app (taken last, after any domain lock, so the order is always the same)."""

from tijara.audit.models import AuditHead, Incident

HEAD_PK = 1


def head_for_update() -> AuditHead | None:
    """Lock the chain's head; appends from every process queue here."""
    return AuditHead.objects.select_for_update().filter(pk=HEAD_PK).first()


def incident_for_update(pk: int) -> Incident:
    return Incident.objects.select_for_update().get(pk=pk)
