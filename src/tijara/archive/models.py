"""The signed contract archive: one append-only, hash-chained, signed record per contract event [EC-ARCHIVE].

Every merchant has one chain: record n carries the `record_hash` of record n-1 as `prev_hash`, and its own
`record_hash` covers that link, the payload's SHA-256, the kind, the order and the time; the platform's Ed25519
key signs `record_hash`. Rows are never updated or deleted (the ORM refuses; `tijara archive verify` is the
real guarantee, it finds any edit made behind the ORM's back). Orders and merchants live in apps above or
beside this one: they are plain integers here, no foreign keys, so no cascade can ever remove a record.
"""

import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from tijara.core.errors import DomainError


class ContractKind(models.TextChoices):
    PLACEMENT = "placement", _("Order placed")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement sent")
    CONFIRMATION = "confirmation", _("Confirmation sent")
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class ArchiveImmutable(DomainError):
    code = "archive_immutable"
    status = 409


class _AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ArchiveImmutable(_("Archived contract records cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ArchiveImmutable(_("Archived contract records cannot be deleted."))


class ContractRecord(models.Model):
    """One archived, signed event of a contract (placement, acknowledgement, confirmation, invoice, credit note)."""

    merchant_id = models.BigIntegerField()
    sequence = models.PositiveBigIntegerField()  # 1, 2, … within the merchant's chain
    order_id = models.BigIntegerField()
    kind = models.CharField(max_length=20, choices=ContractKind.choices)
    # Canonical JSON text (sorted keys, no spaces, UTF-8): stored as text so the bytes that were hashed are
    # exactly the bytes kept (a JSON column may reorder keys).
    payload_json = models.TextField()
    payload_sha256 = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64, blank=True)
    record_hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=88)  # base64 of the 64-byte Ed25519 signature
    created_at = models.DateTimeField()

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            # A second record with the same place in a chain cannot exist: a fork is refused by the database.
            models.UniqueConstraint(fields=["merchant_id", "sequence"], name="archive_record_chain_position"),
        ]
        indexes = [models.Index(fields=["merchant_id", "order_id"], name="archive_record_order")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.sequence} (merchant {self.merchant_id}, order {self.order_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ArchiveImmutable(_("Archived contract records cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ArchiveImmutable(_("Archived contract records cannot be deleted."))

    @property
    def payload(self) -> dict:
        return json.loads(self.payload_json)


class ArchiveHead(models.Model):
    """The end of one merchant's chain, locked by every append so concurrent appends never fork it."""

    merchant_id = models.BigIntegerField(unique=True)
    length = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"archive head of merchant {self.merchant_id} ({self.length})"
