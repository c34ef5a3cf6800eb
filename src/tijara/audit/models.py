"""The security audit trail: an append-only chain of records, each holding the SHA-256 of the previous one
[SEC-AUDIT-CHAIN].

Rows are never updated; they are deleted only by the retention purge once older than the retention period
(at least a year) [SEC-AUDIT-RETENTION]. On PostgreSQL a trigger refuses any other UPDATE or DELETE, so even
a stray query cannot rewrite history; `tijara audit verify` finds any tampering the database let through.
`actor_id` and `merchant_id` are plain numbers, not foreign keys: deleting or anonymising an account must not
rewrite (and so break) the chain.
"""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.audit.events import AuditEvent

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Someone tried to change or delete an audit record outside the retention purge."""


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003, ANN201 — Django's signature
        raise AppendOnlyError("audit records are never updated")

    def delete(self):  # noqa: ANN201
        raise AppendOnlyError("audit records are deleted only by the retention purge")


class AuditRecord(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    event = models.CharField(max_length=40, choices=AuditEvent.choices, db_index=True)
    actor_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    merchant_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = models.CharField(max_length=200, blank=True)
    data_json = models.TextField(default="{}")
    ip = models.CharField(max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    record_hash = models.CharField(max_length=64)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["merchant_id", "sequence"], name="audit_merchant_seq")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if not self._state.adding:
            raise AppendOnlyError("audit records are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise AppendOnlyError("audit records are deleted only by the retention purge")

    @property
    def data(self) -> dict:
        return json.loads(self.data_json)


class AuditHead(models.Model):
    """The one row (pk 1) holding the chain's end; locked while appending so appends queue up.

    `anchor_*` is the last record the retention purge removed: verification starts from it.
    """

    length = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    anchor_sequence = models.PositiveBigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head at {self.length}"


class IncidentSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Incident(models.Model):
    """A security incident in the register [SEC-INCIDENT-REGISTER], with the notifications law 05-20 asks for
    [SEC-INCIDENT-DGSSI] [SEC-INCIDENT-CUSTOMERS]. The deadlines run from `detected_at` (when it became known)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"))
    severity = models.CharField(_("severity"), max_length=10, choices=IncidentSeverity.choices,
                                default=IncidentSeverity.MEDIUM)
    detected_at = models.DateTimeField(_("detected at"))
    significant = models.BooleanField(_("significant incident"), default=False)
    customers_affected = models.BooleanField(_("customers affected"), default=False)
    personal_data_affected = models.BooleanField(_("personal data affected"), default=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    dgssi_notified_at = models.DateTimeField(null=True, blank=True)
    dgssi_reference = models.CharField(max_length=100, blank=True)
    customers_notified_at = models.DateTimeField(null=True, blank=True)
    customers_notice = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-detected_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"INC-{self.detected_at:%Y}-{self.pk:04d}"

    @property
    def dgssi_required(self) -> bool:
        """The authority is told of significant incidents and of events affecting customers (arts. 30, 33)."""
        return self.significant or self.customers_affected

    @property
    def customers_required(self) -> bool:
        return self.customers_affected
