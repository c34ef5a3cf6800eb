"""Invoices and credit notes: one invoice per merchant order, one credit note per refund, each numbered in its
merchant's own gap-free series [TAX-INVOICE] [TAX-CREDIT-NOTE].

A document is written once, when it is issued, with everything it shows frozen in `content` (seller identity
in French and Arabic, buyer, lines, VAT per rate, totals, payment method, delivery date): a later change of the
store's address or the catalogue never alters an issued invoice. The PDF is drawn from `content` alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tijara.merchants.models import Merchant
from tijara.orders.models import Order


class Series(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class DocumentCounter(models.Model):
    """One row per merchant and series, locked by the issuing transaction: numbers have no gaps."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=12, choices=Series.choices)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant", "series"], name="document_counter_unique")]

    def __str__(self) -> str:
        return f"{self.merchant_id} {self.series} {self.last_number}"


class Invoice(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="invoice")
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=40, unique=True)
    issued_at = models.DateTimeField()
    total = models.DecimalField(max_digits=12, decimal_places=2, help_text="MAD TTC")
    content = models.JSONField(help_text="everything the document shows, frozen when it was issued")

    class Meta:
        ordering = ["merchant", "sequence"]
        constraints = [models.UniqueConstraint(fields=["merchant", "sequence"], name="invoice_sequence_unique")]

    def __str__(self) -> str:
        return self.number


class CreditNote(models.Model):
    """A refund's credit note, or a cancelled unpaid order's: it cancels all or part of the order's invoice (VAT per
    rate, pro rata). An issued invoice is never deleted or edited; a credit note is how it is undone."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="credit_notes")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    refund_id = models.PositiveBigIntegerField(
        unique=True, null=True, blank=True, help_text="the payments refund it documents; none for a cancellation")
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=40, unique=True)
    issued_at = models.DateTimeField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="MAD TTC credited")
    content = models.JSONField(help_text="everything the document shows, frozen when it was issued")

    class Meta:
        ordering = ["merchant", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "sequence"], name="credit_note_sequence_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="credit_note_amount_positive"),
        ]
        indexes = [models.Index(fields=["merchant", "order"])]

    def __str__(self) -> str:
        return self.number
