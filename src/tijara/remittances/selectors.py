"""Reads of remittances: imports and their previews, parcels never remitted, and each carrier's ledger.

Every function takes the merchant first and answers in a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from tijara.core.errors import NotFound
from tijara.fulfilment.models import Carrier, Shipment, ShipmentStatus
from tijara.merchants.models import Merchant
from tijara.remittances.models import CashReceipt, ImportStatus, RemittanceImport, RemittanceRow, Verdict

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _money(value) -> Decimal:
    """Sums come back from SQLite without their cents: give every amount its two decimals."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _sum(expr) -> Coalesce:
    return Coalesce(Sum(expr), Value(ZERO), output_field=MONEY)


def import_list(merchant: Merchant, *, limit: int = 20) -> list[RemittanceImport]:
    return list(RemittanceImport.objects.filter(merchant=merchant).select_related("carrier")
                .order_by("-created_at", "-pk")[:limit])


MAX_ID = 2**63 - 1  # larger ids exist nowhere (and SQLite refuses to compare with them)


def import_get(merchant: Merchant, batch_id: int) -> RemittanceImport:
    if not 0 < batch_id <= MAX_ID:
        raise NotFound("remittance import")
    batch = RemittanceImport.objects.filter(merchant=merchant, pk=batch_id).select_related("carrier").first()
    if batch is None:
        raise NotFound("remittance import")
    return batch


@dataclass
class Preview:
    counts: dict[str, int]
    match_amount: Decimal
    match_fees: Decimal
    flagged: list[RemittanceRow]
    matches: list[RemittanceRow]
    never_remitted: list[Shipment]
    never_remitted_count: int
    flagged_count: int = 0
    verdicts: list[tuple[str, str, int]] = field(default_factory=list)


def import_preview(merchant: Merchant, batch: RemittanceImport, *, flagged_limit: int = 500,
                   match_limit: int = 50) -> Preview:
    """What accepting would do: counts per verdict, the flagged rows with their reason, a sample of matches,
    and the carrier's delivered parcels this file does not remit (oldest first). Seven queries."""
    rows = RemittanceRow.objects.filter(merchant=merchant, batch=batch)
    counts = dict(rows.values_list("verdict").annotate(n=Count("pk")).values_list("verdict", "n"))
    totals = rows.filter(verdict=Verdict.MATCH).aggregate(amount=_sum("amount"), fees=_sum("fee"))
    flagged_qs = rows.exclude(verdict=Verdict.MATCH).exclude(verdict="")
    flagged = list(flagged_qs.order_by("line")[:flagged_limit])
    matches = list(rows.filter(verdict=Verdict.MATCH).order_by("line")[:match_limit])
    last_day = rows.aggregate(last=Max("paid_on"))["last"]
    missing = _never_remitted_qs(merchant, batch, last_day)
    never = list(missing.select_related("order").only(
        "pk", "tracking_number", "delivered_at", "cash_collected", "order__number", "order__total")[:100])
    flagged_count = sum(n for v, n in counts.items() if v and v != Verdict.MATCH)
    return Preview(
        counts=counts, match_amount=_money(totals["amount"]), match_fees=_money(totals["fees"]), flagged=flagged,
        matches=matches, never_remitted=never, never_remitted_count=missing.count(), flagged_count=flagged_count,
        verdicts=[(v, label, counts.get(v, 0)) for v, label in Verdict.choices],
    )


def import_rows(merchant: Merchant, batch: RemittanceImport, *, verdict: str | None = None, page: int = 1,
                size: int = 200) -> tuple[list[RemittanceRow], int]:
    """One page of an import's rows in file order, optionally of one verdict, and how many there are."""
    qs = RemittanceRow.objects.filter(merchant=merchant, batch=batch).order_by("line")
    if verdict:
        qs = qs.filter(verdict=verdict)
    return list(qs[(page - 1) * size:page * size]), qs.count()


def _never_remitted_qs(merchant: Merchant, batch: RemittanceImport, last_day: dt.date | None):
    """Delivered parcels of this carrier not received yet and absent from the file (up to its last date)."""
    qs = (Shipment.objects.filter(merchant=merchant, carrier_id=batch.carrier_id, status=ShipmentStatus.DELIVERED,
                                  cash_receipt__isnull=True)
          .exclude(pk__in=RemittanceRow.objects.filter(batch=batch, shipment__isnull=False).values("shipment_id")))
    if last_day is not None:
        qs = qs.filter(Q(delivered_at__date__lte=last_day) | Q(delivered_at__isnull=True))
    return qs.order_by("delivered_at", "pk")


@dataclass
class CarrierBalance:
    carrier: Carrier
    collected: Decimal = ZERO  # cash the carrier collected at the door
    remitted: Decimal = ZERO  # of which it remitted (accepted remittance rows)
    fees: Decimal = ZERO  # carrier fees on the remitted parcels: the merchant's costs
    open_parcels: int = 0
    oldest: dt.datetime | None = None

    @property
    def owed(self) -> Decimal:
        return self.collected - self.remitted


def _collected_qs(merchant: Merchant):
    """Parcels whose cash the carrier holds or held: delivered, or already remitted."""
    return Shipment.objects.filter(merchant=merchant).filter(
        Q(status=ShipmentStatus.DELIVERED) | Q(cash_receipt__isnull=False))


def carrier_balances(merchant: Merchant) -> list[CarrierBalance]:
    """Each carrier's balance: collected, remitted, fees and what it still owes. Three queries."""
    balances = {c.pk: CarrierBalance(c) for c in Carrier.objects.filter(merchant=merchant).order_by("name", "pk")}
    collected = (_collected_qs(merchant).values("carrier_id")
                 .annotate(total=_sum(Coalesce("cash_collected", "order__total")),
                           open=Count("pk", filter=Q(cash_receipt__isnull=True)),
                           oldest=Min("delivered_at", filter=Q(cash_receipt__isnull=True))))
    for row in collected:
        b = balances.get(row["carrier_id"])
        if b:
            b.collected, b.open_parcels, b.oldest = _money(row["total"]), row["open"], row["oldest"]
    for row in (CashReceipt.objects.filter(merchant=merchant).values("carrier_id")
                .annotate(amount=_sum("amount"), fees=_sum("fee"))):
        b = balances.get(row["carrier_id"])
        if b:
            b.remitted, b.fees = _money(row["amount"]), _money(row["fees"])
    return list(balances.values())


@dataclass
class CarrierLedger:
    balance: CarrierBalance
    open_items: list[dict]  # oldest first: what the carrier still owes, parcel by parcel
    open_total: Decimal
    costs_by_month: list[dict]
    recent_imports: list[RemittanceImport]


def carrier_ledger(merchant: Merchant, carrier_id: int, *, limit: int = 200) -> CarrierLedger:
    """One carrier's ledger: the balance, the parcels it still owes oldest first, its fees (costs) by month.
    Seven queries."""
    balance = next((b for b in carrier_balances(merchant) if b.carrier.pk == carrier_id), None)
    if balance is None:
        raise NotFound("carrier")
    carrier = balance.carrier
    open_qs = (_collected_qs(merchant).filter(carrier=carrier, cash_receipt__isnull=True)
               .annotate(owed=Coalesce("cash_collected", "order__total")).order_by("delivered_at", "pk"))
    items = list(open_qs.values("pk", "tracking_number", "order__number", "delivered_at", "owed")[:limit])
    open_total = _money(open_qs.aggregate(total=_sum(Coalesce("cash_collected", "order__total")))["total"])
    for item in items:
        item["owed"] = _money(item["owed"])
    costs = list(CashReceipt.objects.filter(merchant=merchant, carrier=carrier)
                 .annotate(month=TruncMonth("paid_on")).values("month")
                 .annotate(amount=_sum("amount"), fees=_sum("fee"), parcels=Count("pk")).order_by("-month")[:12])
    for month in costs:
        month["amount"], month["fees"] = _money(month["amount"]), _money(month["fees"])
    imports = list(RemittanceImport.objects.filter(merchant=merchant, carrier=carrier)
                   .exclude(status=ImportStatus.DISCARDED).order_by("-created_at", "-pk")[:10])
    for imp in imports:
        imp.carrier = carrier
    return CarrierLedger(balance, items, open_total, costs, imports)
