"""Carrier cash remittances: an imported file, its rows and their verdicts, and the cash received per parcel.

A file is checked row by row into a preview; nothing counts until the merchant accepts it, and then every
matching row becomes a `CashReceipt` in one transaction [COD-REMIT-PREVIEW] [COD-REMIT-ATOMIC]. A parcel is
received at most once (one receipt per shipment, a unique constraint), so two imports of the same file can
never count its cash twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.fulfilment.models import Carrier, Shipment
from tijara.merchants.models import Merchant


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the rows")
    PREVIEW = "preview", _("Waiting for your decision")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Not applied")
    DISCARDED = "discarded", _("Discarded")


class Verdict(models.TextChoices):
    MATCH = "match", _("Matches")
    WRONG_AMOUNT = "wrong_amount", _("Wrong amount")
    UNKNOWN = "unknown", _("Unknown number")
    OTHER_MERCHANT = "other_merchant", _("Not one of your orders")
    OTHER_CARRIER = "other_carrier", _("Parcel of another carrier")
    NOT_DELIVERED = "not_delivered", _("Parcel not delivered")
    ALREADY_RECONCILED = "already_reconciled", _("Already reconciled")
    DUPLICATE = "duplicate", _("Duplicated row")
    BAD_ROW = "bad_row", _("Unreadable row")


class RemittanceImport(models.Model):
    """One carrier remittance file as uploaded, its progress and what became of it."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64)
    data = models.BinaryField(default=bytes, editable=False, help_text="the uploaded file, until its rows are checked")
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    rows_total = models.PositiveIntegerField(default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0, help_text="rows to check, then matching rows to apply")
    rows_applied = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=20, blank=True, help_text="applying failed: the verdict of the row at fault")
    failure_line = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["merchant", "created_at"], name="remit_import_merchant_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"


class RemittanceRow(models.Model):
    """One data row of a file: what it says, and the verdict of the check (blank until checked)."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(RemittanceImport, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(help_text="line in the file, the header being line 1")
    reference = models.CharField(max_length=64, blank=True, help_text="tracking number or order number")
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    fee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    problem = models.CharField(max_length=20, blank=True, help_text="why an unreadable row is unreadable")
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    shipment = models.ForeignKey(Shipment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    expected = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    first_line = models.PositiveIntegerField(null=True, blank=True, help_text="a duplicate: the line it repeats")

    class Meta:
        ordering = ["line", "pk"]
        indexes = [models.Index(fields=["merchant", "batch", "verdict", "line"], name="remit_row_batch_idx")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line} {self.verdict}"


class CashReceipt(models.Model):
    """The carrier remitted the cash of this parcel (amount collected, its fee kept as our cost) [COD-REMIT-LEDGER]."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="+")
    shipment = models.OneToOneField(Shipment, on_delete=models.PROTECT, related_name="cash_receipt")
    batch = models.ForeignKey(RemittanceImport, on_delete=models.PROTECT, related_name="receipts")
    line = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="cash collected, as remitted")
    fee = models.DecimalField(max_digits=12, decimal_places=2, default=0, help_text="carrier fee: a cost")
    paid_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0) & models.Q(fee__gte=0),
                                   name="cash_receipt_not_negative"),
        ]
        indexes = [models.Index(fields=["merchant", "carrier", "paid_on"], name="cash_receipt_carrier_idx")]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.amount}"
