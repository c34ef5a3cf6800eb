"""For any sequence of captures, refunds and payouts the ledger balances: the balance is the sum of what is owed,
the platform's cash is what it collected less refunds and payouts, the commission and its VAT are booked
exactly once per capture, and refunds never give back more commission than was booked [TAX-COMMISSION-VAT]."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ledger.conftest import at, capture, refund
from tijara.ledger import selectors
from tijara.ledger.errors import PayoutError
from tijara.ledger.models import EntryKind, LedgerEntry, Payout
from tijara.ledger.services import owed_until, payout_create

pytestmark = pytest.mark.django_db

DAY0 = dt.date(2026, 6, 1)
CENT = Decimal("0.01")

operations = st.lists(st.one_of(
    st.tuples(st.just("capture"), st.integers(0, 1), st.integers(1, 500_000), st.sampled_from(["platform", "merchant"])),
    st.tuples(st.just("refund"), st.integers(0, 50), st.integers(1, 100)),
    st.tuples(st.just("payout"), st.integers(0, 1)),
), min_size=1, max_size=14)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_of_captures_refunds_and_payouts_balances(store, other_store, staff_user, settings, ops):
    settings.TIJARA_COMMISSION_RATE = "0.05"
    stores = [store, other_store]
    with transaction.atomic():
        captures: list[dict] = []
        paid_until = {s.pk: DAY0 - dt.timedelta(days=30) for s in stores}
        payouts_total = {s.pk: Decimal("0") for s in stores}
        for day, op in enumerate(ops, start=1):
            today = DAY0 + dt.timedelta(days=day)
            with at(today):
                if op[0] == "capture":
                    merchant, amount = stores[op[1]], Decimal(op[2]) / 100
                    pid = capture(merchant, str(amount), collected_by=op[3], method="card" if op[3] == "platform" else "cod")
                    captures.append({"merchant": merchant, "payment_id": pid, "amount": amount, "refunded": Decimal(0),
                                     "collected_by": op[3]})
                elif op[0] == "refund" and captures:
                    c = captures[op[1] % len(captures)]
                    remaining = c["amount"] - c["refunded"]
                    amount = min(remaining, max(CENT, cents(remaining * op[2] / 100)))
                    if amount > 0:
                        refund(c["merchant"], c["payment_id"], str(amount), collected_by=c["collected_by"])
                        c["refunded"] += amount
                elif op[0] == "payout":
                    merchant = stores[op[1]]
                    start, end = paid_until[merchant.pk] + dt.timedelta(days=1), today - dt.timedelta(days=1)
                    if start <= end:
                        owed = owed_until(merchant.pk, end)
                        try:
                            payout = payout_create(merchant=merchant, period_start=start, period_end=end,
                                                   actor=staff_user)
                        except PayoutError:
                            assert owed <= 0
                        else:
                            assert payout.amount == owed > 0
                            assert owed_until(merchant.pk, end) == 0
                            paid_until[merchant.pk] = end
                            payouts_total[merchant.pk] += payout.amount

        entries = list(LedgerEntry.objects.all())
        for s in stores:
            mine = [e for e in entries if e.merchant_id == s.pk]
            total = {kind: sum((e.amount for e in mine if e.kind == kind), Decimal(0)) for kind in EntryKind.values}
            platform = [c for c in captures if c["merchant"] == s and c["collected_by"] == "platform"]
            collected = sum((c["amount"] for c in platform), Decimal(0))
            refunded = sum((c["refunded"] for c in platform), Decimal(0))
            # the balance is the sum of every line that is owed ...
            balance = selectors.merchant_balance(merchant_id=s.pk)
            assert balance == sum((e.amount for e in mine if e.owed), Decimal(0))
            # ... which is the platform's cash for the store less the commission and its VAT, net of give-backs
            commission = (total["commission"] + total["commission_vat"] + total["commission_reversal"]
                          + total["commission_vat_reversal"])
            assert balance == collected - refunded - payouts_total[s.pk] + commission
            cash = sum((e.amount for e in mine if e.owed and e.kind in ("capture", "refund", "payout")), Decimal(0))
            assert cash == collected - refunded - payouts_total[s.pk]
        for c in captures:
            lines = [e for e in entries if e.payment_id == c["payment_id"]]
            charged = [e.amount for e in lines if e.kind == "commission"]
            vat = [e.amount for e in lines if e.kind == "commission_vat"]
            assert charged == [-cents(c["amount"] * Decimal("0.05"))]  # exactly once per capture
            assert vat == [-cents(-charged[0] * Decimal("0.20"))]
            back = sum((e.amount for e in lines if e.kind == "commission_reversal"), Decimal(0))
            vat_back = sum((e.amount for e in lines if e.kind == "commission_vat_reversal"), Decimal(0))
            assert 0 <= back <= -charged[0] and 0 <= vat_back <= -vat[0]
            if c["refunded"] == c["amount"]:
                assert back == -charged[0] and vat_back == -vat[0]
        for payout in Payout.objects.all():
            assert selectors.statement(payout=payout).computed_amount == payout.amount
        transaction.set_rollback(True)
