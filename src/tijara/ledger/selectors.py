"""Reads of the ledger, each with a constant number of queries. Merchant-facing reads take the merchant first."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from tijara.core.money import to_money
from tijara.ledger.models import OWED, CollectedBy, EntryKind, LedgerEntry, Payout, PayoutStatus
from tijara.merchants.models import Merchant

ZERO = Decimal("0.00")


def money(value: Decimal | None) -> Decimal:
    """A sum from the database to the centime (SQLite adds decimals as floating point; never "-0.00")."""
    return to_money(value or 0) or ZERO


def period_cutoff(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the platform's time zone (Africa/Casablanca)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def merchant_balance(*, merchant_id: int) -> Decimal:
    """What the platform owes the merchant now: platform-collected captures − refunds − commission − its VAT
    (+ commission given back) − payouts. Negative when the merchant owes commission on money it collected."""
    return money(LedgerEntry.objects.filter(OWED, merchant_id=merchant_id).aggregate(s=Sum("amount"))["s"])


@dataclass(frozen=True)
class LedgerSummary:
    balance: Decimal
    captured_by_platform: Decimal
    captured_by_merchant: Decimal
    refunded: Decimal
    commission: Decimal  # net of what was given back, VAT excluded
    commission_vat: Decimal
    paid_out: Decimal


def _sum(kind_filter: Q) -> Sum:
    return Sum("amount", filter=kind_filter)


def ledger_summary(*, merchant_id: int) -> LedgerSummary:
    """The totals a merchant's ledger page shows (one query)."""
    k = EntryKind
    t = LedgerEntry.objects.filter(merchant_id=merchant_id).aggregate(
        balance=Sum("amount", filter=OWED),
        platform=_sum(Q(kind=k.CAPTURE, collected_by=CollectedBy.PLATFORM)),
        merchant=_sum(Q(kind=k.CAPTURE, collected_by=CollectedBy.MERCHANT)),
        refunded=_sum(Q(kind=k.REFUND)),
        commission=_sum(Q(kind__in=(k.COMMISSION, k.COMMISSION_REVERSAL))),
        vat=_sum(Q(kind__in=(k.COMMISSION_VAT, k.COMMISSION_VAT_REVERSAL))),
        paid=_sum(Q(kind=k.PAYOUT)),
    )
    v = {key: money(value) for key, value in t.items()}
    return LedgerSummary(balance=v["balance"], captured_by_platform=v["platform"], captured_by_merchant=v["merchant"],
                         refunded=-v["refunded"], commission=-v["commission"], commission_vat=-v["vat"],
                         paid_out=-v["paid"])


def ledger_entries(*, merchant_id: int, limit: int = 200) -> list[LedgerEntry]:
    """The merchant's latest entries, newest first."""
    return list(LedgerEntry.objects.filter(merchant_id=merchant_id).select_related("payout")
                .order_by("-created_at", "-pk")[:limit])


def payouts_of(*, merchant_id: int) -> list[Payout]:
    return list(Payout.objects.filter(merchant_id=merchant_id).order_by("-period_end", "-pk")[:100])


def payout_of(*, merchant_id: int, payout_id: int) -> Payout | None:
    """One of the merchant's payouts, or None (someone else's payout is answered like a missing one)."""
    return Payout.objects.select_related("merchant").filter(merchant_id=merchant_id, pk=payout_id).first()


def payout_get(*, payout_id: int) -> Payout | None:
    """Any payout (platform staff)."""
    return Payout.objects.select_related("merchant").filter(pk=payout_id).first()


@dataclass
class BalanceRow:
    merchant: Merchant
    balance: Decimal
    last_period_end: dt.date | None
    drafts: int = 0


def balances() -> list[BalanceRow]:
    """Every store with ledger entries or payouts, with what the platform owes it (three queries)."""
    owed = dict(LedgerEntry.objects.filter(OWED).values("merchant_id").annotate(s=Sum("amount"))
                .values_list("merchant_id", "s"))
    last: dict[int, dt.date] = {}
    drafts: dict[int, int] = {}
    for merchant_id, period_end, status in Payout.objects.values_list("merchant_id", "period_end", "status"):
        if period_end > last.get(merchant_id, dt.date.min):
            last[merchant_id] = period_end
        if status == PayoutStatus.DRAFT:
            drafts[merchant_id] = drafts.get(merchant_id, 0) + 1
    merchants = Merchant.objects.filter(pk__in=set(owed) | set(last)).only("store_name", "legal_name", "ice", "rib")
    rows = [BalanceRow(m, money(owed.get(m.pk)), last.get(m.pk), drafts.get(m.pk, 0)) for m in merchants]
    return sorted(rows, key=lambda r: (-r.balance, r.merchant.store_name))


def draft_payouts() -> list[Payout]:
    """Payouts waiting for the bank transfer, with the store's legal name and RIB (one query)."""
    return list(Payout.objects.filter(status=PayoutStatus.DRAFT).select_related("merchant")
                .order_by("period_end", "merchant_id"))


@dataclass
class Statement:
    """A payout's statement: what was owed before the period, the period's lines and the total paid."""

    payout: Payout
    merchant: Merchant
    brought_forward: Decimal
    lines: list[LedgerEntry]
    totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def period_total(self) -> Decimal:
        return sum((e.amount for e in self.lines if e.owed), ZERO)

    @property
    def computed_amount(self) -> Decimal:
        return self.brought_forward + self.period_total


def statement(*, payout: Payout) -> Statement:
    """The lines of a payout's period and its totals (three queries)."""
    start, cutoff = period_cutoff(payout.period_start - dt.timedelta(days=1)), period_cutoff(payout.period_end)
    entries = LedgerEntry.objects.filter(merchant_id=payout.merchant_id).exclude(kind=EntryKind.PAYOUT)
    before = money(entries.filter(OWED, created_at__lt=start).aggregate(s=Sum("amount"))["s"])
    earlier_payouts = money(Payout.objects.filter(merchant_id=payout.merchant_id, period_end__lt=payout.period_start)
                            .aggregate(s=Sum("amount"))["s"])
    lines = list(entries.filter(created_at__gte=start, created_at__lt=cutoff).order_by("created_at", "pk"))
    totals: dict[str, Decimal] = {}
    for e in lines:
        key = f"{e.kind}_merchant" if not e.owed else e.kind
        totals[key] = totals.get(key, ZERO) + e.amount
    return Statement(payout=payout, merchant=payout.merchant, brought_forward=before - earlier_payouts, lines=lines,
                     totals=totals)
