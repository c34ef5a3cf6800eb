"""Writes of the ledger: recording captures and refunds (called by payments inside its transaction, which holds
the payment's row lock), and payouts (platform staff).

Recording does no network or file I/O: it runs inside the caller's transaction. Each recording is idempotent:
a unique constraint per payment, refund and payout decides, so a callback handled twice books once.

Commission on refunds: the commission and its VAT are given back in proportion to the amount refunded,
computed on the running total of the payment's refunds, so a full refund gives back exactly what was booked
and partial refunds never give back more (the commission never turns negative).
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.core.money import to_money
from tijara.ledger import errors, locks
from tijara.ledger.models import (
    OWED,
    CollectedBy,
    EntryKind,
    LedgerEntry,
    Payout,
    PayoutStatus,
)
from tijara.ledger.rates import cents, commission_rate_for, commission_vat_rate
from tijara.ledger.selectors import money, period_cutoff
from tijara.merchants.models import Merchant


def _checked(amount: Decimal, collected_by: str) -> Decimal:
    if collected_by not in CollectedBy.values:
        raise errors.LedgerError(f"collected_by must be one of {CollectedBy.values}, not {collected_by!r}")
    amount = to_money(amount)
    if amount <= 0:
        raise errors.LedgerError(f"a recorded amount must be positive, not {amount}")
    return amount


def ledger_capture_record(*, merchant_id: int, payment_id: int, order_number: str, amount: Decimal,
                          method: str, collected_by: str) -> None:
    """Book a captured payment with the platform's commission and the VAT on it [TAX-COMMISSION-VAT].

    collected_by "platform" (card: the platform holds the money and owes it to the merchant) or "merchant"
    (cash on delivery, transfer: only the commission and its VAT are owed, by the merchant).
    """
    amount = _checked(amount, collected_by)
    with transaction.atomic():
        if LedgerEntry.objects.filter(merchant_id=merchant_id, payment_id=payment_id, refund_id__isnull=True,
                                      kind=EntryKind.CAPTURE).exists():
            return
        day = timezone.localdate()
        rate = commission_rate_for(merchant_id, day)
        vat_rate = commission_vat_rate(day)
        commission = cents(amount * rate)
        vat = cents(commission * vat_rate / 100)
        common = dict(merchant_id=merchant_id, payment_id=payment_id, order_number=order_number, method=method,
                      collected_by=collected_by)
        # ON CONFLICT DO NOTHING: a concurrent recording of the same payment loses to the unique constraint.
        LedgerEntry.objects.bulk_create([
            LedgerEntry(kind=EntryKind.CAPTURE, amount=amount, **common),
            LedgerEntry(kind=EntryKind.COMMISSION, amount=-commission, rate=rate, **common),
            LedgerEntry(kind=EntryKind.COMMISSION_VAT, amount=-vat, rate=vat_rate, **common),
        ], ignore_conflicts=True)


def ledger_refund_record(*, merchant_id: int, refund_id: int, payment_id: int, order_number: str,
                         amount: Decimal, method: str, collected_by: str) -> None:
    """Book a refund and give back the matching share of the commission and its VAT (idempotent per refund)."""
    amount = _checked(amount, collected_by)
    with transaction.atomic():
        if LedgerEntry.objects.filter(merchant_id=merchant_id, refund_id=refund_id, kind=EntryKind.REFUND).exists():
            return
        booked = {
            row["kind"]: money(row["total"])
            for row in LedgerEntry.objects.filter(merchant_id=merchant_id, payment_id=payment_id)
            .values("kind").annotate(total=Sum("amount"))
        }
        common = dict(merchant_id=merchant_id, payment_id=payment_id, refund_id=refund_id, order_number=order_number,
                      method=method, collected_by=collected_by)
        entries = [LedgerEntry(kind=EntryKind.REFUND, amount=-amount, **common)]
        captured = booked.get(EntryKind.CAPTURE, Decimal("0"))
        if captured > 0:
            refunded = -booked.get(EntryKind.REFUND, Decimal("0")) + amount
            share = min(refunded / captured, Decimal(1))
            for kind, reversal_kind in ((EntryKind.COMMISSION, EntryKind.COMMISSION_REVERSAL),
                                        (EntryKind.COMMISSION_VAT, EntryKind.COMMISSION_VAT_REVERSAL)):
                charged = -booked.get(kind, Decimal("0"))
                given_back = booked.get(reversal_kind, Decimal("0"))
                due = max(cents(charged * share) - given_back, Decimal("0"))
                entries.append(LedgerEntry(kind=reversal_kind, amount=due, **common))
        LedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)


def owed_until(merchant_id: int, end: dt.date) -> Decimal:
    """What the platform owes up to the end of `end`, after every payout already booked (one query)."""
    totals = LedgerEntry.objects.filter(OWED, merchant_id=merchant_id).aggregate(
        earned=Sum("amount", filter=~Q(kind=EntryKind.PAYOUT) & Q(created_at__lt=period_cutoff(end))),
        paid=Sum("amount", filter=Q(kind=EntryKind.PAYOUT)),
    )
    return money(totals["earned"]) + money(totals["paid"])


def payout_create(*, merchant: Merchant, period_start: dt.date, period_end: dt.date, actor) -> Payout:
    """Pay a store what it is owed up to the end of a finished period: one payout, booked in the ledger.

    The store's row is locked first, so two staff members creating the same payout at once make one.
    """
    if period_start > period_end:
        raise errors.PayoutError(errors.PERIOD_REVERSED, field="period_start")
    if period_end >= timezone.localdate():
        raise errors.PayoutError(errors.PERIOD_NOT_OVER, field="period_end")
    with transaction.atomic():
        merchant = locks.merchant_for_update(merchant.pk)
        if not merchant.rib:
            raise errors.PayoutError(errors.NO_RIB)
        if Payout.objects.filter(merchant_id=merchant.pk, period_end__gte=period_start).exists():
            raise errors.PayoutError(errors.PERIOD_OVERLAPS, field="period_start")
        amount = owed_until(merchant.pk, period_end)
        if amount <= 0:
            raise errors.PayoutError(errors.NOTHING_OWED)
        payout = Payout.objects.create(
            merchant=merchant, period_start=period_start, period_end=period_end, amount=amount, created_by=actor,
            reference=f"TJ{merchant.pk:05d}-{period_end:%Y%m%d}",
        )
        LedgerEntry.objects.create(merchant_id=merchant.pk, kind=EntryKind.PAYOUT, amount=-amount, payout=payout,
                                   collected_by=CollectedBy.PLATFORM, method="transfer")
        audit_record(AuditEvent.PAYOUT, actor=actor, merchant_id=merchant.pk, target=f"payout:{payout.pk}",
                     data={"step": "created", "reference": payout.reference, "amount": str(amount)})  # [SEC-AUDIT-EVENTS]
    return payout


def payout_mark_paid(*, payout: Payout, actor, bank_reference: str) -> Payout:
    """Finance staff sent the transfer: record the bank's reference (once)."""
    bank_reference = (bank_reference or "").strip()
    if not bank_reference:
        raise errors.PayoutError(errors.BANK_REFERENCE_REQUIRED, field="bank_reference")
    with transaction.atomic():
        payout = locks.payout_for_update(payout.pk)
        if payout.status == PayoutStatus.PAID:
            raise errors.PayoutError(errors.ALREADY_PAID)
        payout.status = PayoutStatus.PAID
        payout.bank_reference = bank_reference[:60]
        payout.paid_at = timezone.now()
        payout.paid_by = actor
        payout.save(update_fields=["status", "bank_reference", "paid_at", "paid_by"])
        audit_record(AuditEvent.PAYOUT, actor=actor, merchant_id=payout.merchant_id, target=f"payout:{payout.pk}",
                     data={"step": "paid", "reference": payout.reference, "amount": str(payout.amount),
                           "bank_reference": payout.bank_reference})  # [SEC-AUDIT-EVENTS]
    return payout

