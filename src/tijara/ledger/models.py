"""What each merchant is owed: a signed, append-only ledger, commission rates and payouts.

Amounts are signed from the merchant's side: positive when the platform owes the merchant more (a
captured card payment, a commission given back), negative when it owes less (a refund, the commission
and its VAT, a payout). Money the merchant collected itself (cash on delivery, bank transfer) is recorded
for the statement but is not owed by the platform: only its commission counts, so a balance can be
negative (the merchant owes the platform). `merchant_id` leads every index (tenant first).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tijara.merchants.models import Merchant


class EntryKind(models.TextChoices):
    CAPTURE = "capture", _("Payment captured")
    REFUND = "refund", _("Refund to the buyer")
    COMMISSION = "commission", _("Commission")
    COMMISSION_VAT = "commission_vat", _("VAT on commission")
    COMMISSION_REVERSAL = "commission_reversal", _("Commission given back")
    COMMISSION_VAT_REVERSAL = "commission_vat_reversal", _("VAT on commission given back")
    PAYOUT = "payout", _("Payout")


class CollectedBy(models.TextChoices):
    PLATFORM = "platform", _("Platform")
    MERCHANT = "merchant", _("Merchant")


# How the buyer paid, as payments names its providers.
METHOD_LABELS = {"card": _("Card"), "cod": _("Cash on delivery"), "transfer": _("Bank transfer")}

# Kinds that credit the merchant (amount >= 0); every other kind debits it (amount <= 0).
CREDIT_KINDS = (EntryKind.CAPTURE, EntryKind.COMMISSION_REVERSAL, EntryKind.COMMISSION_VAT_REVERSAL)
# The one rule of what the platform owes: every entry except money the merchant holds itself.
HELD_BY_MERCHANT = Q(collected_by=CollectedBy.MERCHANT, kind__in=(EntryKind.CAPTURE, EntryKind.REFUND))
OWED = ~HELD_BY_MERCHANT


class LedgerEntry(models.Model):
    """One line of a merchant's account with the platform. Never edited, never deleted."""

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=EntryKind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    collected_by = models.CharField(max_length=10, choices=CollectedBy.choices)
    method = models.CharField(max_length=16, blank=True)
    # References to rows of the payments domain (above the ledger): plain integers, no foreign keys.
    payment_id = models.BigIntegerField(null=True, blank=True)
    refund_id = models.BigIntegerField(null=True, blank=True)
    payout = models.ForeignKey("Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    order_number = models.CharField(max_length=40, blank=True)
    # The commission rate, or the VAT rate on the commission, the line was computed with.
    rate = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # Recording the same capture, refund or payout twice books it once.
            models.UniqueConstraint(fields=["merchant", "payment_id", "kind"],
                                    condition=Q(payment_id__isnull=False, refund_id__isnull=True),
                                    name="ledger_entry_once_per_payment"),
            models.UniqueConstraint(fields=["merchant", "refund_id", "kind"], condition=Q(refund_id__isnull=False),
                                    name="ledger_entry_once_per_refund"),
            models.UniqueConstraint(fields=["merchant", "payout"], condition=Q(payout__isnull=False),
                                    name="ledger_entry_once_per_payout"),
            models.CheckConstraint(
                condition=(Q(kind__in=CREDIT_KINDS) & Q(amount__gte=0)) | (~Q(kind__in=CREDIT_KINDS) & Q(amount__lte=0)),
                name="ledger_entry_sign_follows_kind",
            ),
        ]
        indexes = [models.Index(fields=["merchant", "created_at"]),
                   models.Index(fields=["merchant", "payment_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} ({self.merchant_id})"

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.method, self.method))

    @property
    def owed(self) -> bool:
        """Whether the line moves what the platform owes (money the merchant holds itself does not)."""
        return not (self.collected_by == CollectedBy.MERCHANT and self.kind in (EntryKind.CAPTURE, EntryKind.REFUND))


class CommissionRate(models.Model):
    """The platform's commission on a merchant's sales from `valid_from` to `valid_to` (inclusive).

    Without a row in force, the setting TIJARA_COMMISSION_RATE applies.
    """

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    rate = models.DecimalField(_("rate"), max_digits=5, decimal_places=4, help_text=_("0.0500 for 5 %"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["merchant", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "valid_from"], name="commission_rate_once_per_start"),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=1), name="commission_rate_between_0_and_1"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="commission_rate_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.rate} from {self.valid_from} ({self.merchant_id})"


class PayoutStatus(models.TextChoices):
    DRAFT = "draft", _("To transfer")
    PAID = "paid", _("Transferred")


class Payout(models.Model):
    """What the platform transfers to a merchant for a period: the balance owed up to the period's end.

    Booked in the ledger when created (the amount is committed to the transfer file), marked paid with the
    bank's reference once finance staff have sent it. Periods of one merchant never overlap.
    """

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=8, choices=PayoutStatus.choices, default=PayoutStatus.DRAFT)
    reference = models.CharField(max_length=40, unique=True)
    bank_reference = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "period_end"], name="payout_once_per_period_end"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="payout_period_in_order"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_at__isnull=False), name="payout_paid_has_date"),
        ]
        indexes = [models.Index(fields=["merchant", "period_end"]), models.Index(fields=["status", "period_end"])]

    def __str__(self) -> str:
        return self.reference
