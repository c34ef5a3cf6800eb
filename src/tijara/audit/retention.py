"""Keeping the audit trail for its retention period, and no longer [SEC-AUDIT-RETENTION].

Records younger than the retention period (the setting, never under a year) are never deleted. The purge
removes the oldest records and moves the chain's anchor to the last one removed, so the remaining chain
still verifies from its first record.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tijara.audit import locks
from tijara.audit.models import AuditHead, AuditRecord

MINIMUM_DAYS = 365


def retention_days() -> int:
    """The retention period in days: the setting, raised to the one-year minimum if set lower."""
    return max(MINIMUM_DAYS, int(getattr(settings, "TIJARA_AUDIT_RETENTION_DAYS", MINIMUM_DAYS)))


def audit_purge(*, now=None) -> int:  # noqa: ANN001
    """Delete the records older than the retention period; returns how many were removed."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    with transaction.atomic():
        head = locks.head_for_update()
        if head is None:
            return 0
        last = (AuditRecord.objects.filter(created_at__lt=cutoff).order_by("-sequence")
                .values_list("sequence", "record_hash").first())
        if last is None:
            return 0
        sequence, record_hash = last
        removed = AuditRecord.objects.filter(sequence__lte=sequence)._raw_delete(connection.alias)
        AuditHead.objects.filter(pk=head.pk).update(anchor_sequence=sequence, anchor_hash=record_hash)
    return removed
