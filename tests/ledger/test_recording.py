"""Recording captures and refunds: the commission and the VAT on it are booked once per capture, recording is
idempotent, and refunds give back commission in proportion, never more than was booked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.ledger.conftest import at, capture, refund
from tijara.core.models import VatRate
from tijara.ledger.errors import LedgerError
from tijara.ledger.models import CommissionRate, EntryKind, LedgerEntry
from tijara.ledger.selectors import ledger_summary, merchant_balance

pytestmark = pytest.mark.django_db


def kinds(store) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for kind, amount in LedgerEntry.objects.filter(merchant=store).values_list("kind", "amount"):
        out[kind] = out.get(kind, Decimal("0")) + amount
    return out


def test_card_capture_books_amount_commission_and_vat_on_it(store, settings):
    """The platform owes the card payment less 5 % commission and 20 % VAT on it [TAX-COMMISSION-VAT]."""
    settings.TIJARA_COMMISSION_RATE = "0.05"
    capture(store, "200.00")
    assert kinds(store) == {"capture": Decimal("200.00"), "commission": Decimal("-10.00"),
                            "commission_vat": Decimal("-2.00")}
    assert merchant_balance(merchant_id=store.pk) == Decimal("188.00")
    vat_line = LedgerEntry.objects.get(merchant=store, kind=EntryKind.COMMISSION_VAT)
    assert vat_line.rate == Decimal("20.00")


def test_recording_the_same_capture_twice_books_it_once(store):
    payment_id = capture(store, "99.99")
    capture(store, "99.99", payment_id=payment_id)
    assert LedgerEntry.objects.filter(merchant=store).count() == 3
    assert merchant_balance(merchant_id=store.pk) == Decimal("99.99") - Decimal("5.00") - Decimal("1.00")


def test_recording_the_same_refund_twice_books_it_once(store):
    payment_id = capture(store, "100.00")
    refund_id = refund(store, payment_id, "40.00")
    refund(store, payment_id, "40.00", refund_id=refund_id)
    assert LedgerEntry.objects.filter(merchant=store, kind=EntryKind.REFUND).count() == 1
    assert kinds(store)["refund"] == Decimal("-40.00")
    assert kinds(store)["commission_reversal"] == Decimal("2.00")


def test_cash_on_delivery_only_the_commission_is_owed_by_the_merchant(store):
    """The merchant holds the cash: the platform owes nothing and is owed its commission with VAT."""
    capture(store, "200.00", collected_by="merchant", method="cod")
    assert merchant_balance(merchant_id=store.pk) == Decimal("-12.00")
    summary = ledger_summary(merchant_id=store.pk)
    assert summary.captured_by_merchant == Decimal("200.00") and summary.captured_by_platform == 0
    assert summary.commission == Decimal("10.00") and summary.commission_vat == Decimal("2.00")


def test_refunding_a_cash_order_gives_the_commission_back_and_owes_no_cash(store):
    payment_id = capture(store, "200.00", collected_by="merchant", method="cod")
    refund(store, payment_id, "200.00", collected_by="merchant", method="cod")
    assert merchant_balance(merchant_id=store.pk) == 0


def test_partial_refunds_give_back_the_commission_exactly_never_more(store, settings):
    settings.TIJARA_COMMISSION_RATE = "0.0725"
    payment_id = capture(store, "100.01")
    booked = kinds(store)
    assert booked["commission"] == Decimal("-7.25") and booked["commission_vat"] == Decimal("-1.45")
    for amount in ("33.33", "33.33"):
        refund(store, payment_id, amount)
        now = kinds(store)
        assert 0 < now["commission_reversal"] < 7.25 and 0 < now["commission_vat_reversal"] < 1.45
    refund(store, payment_id, "33.35")
    now = kinds(store)
    assert now["commission_reversal"] == Decimal("7.25") and now["commission_vat_reversal"] == Decimal("1.45")
    assert merchant_balance(merchant_id=store.pk) == 0


def test_a_refund_above_the_capture_never_gives_back_more_commission_than_booked(store):
    payment_id = capture(store, "100.00")
    refund(store, payment_id, "150.00")
    assert kinds(store)["commission_reversal"] == Decimal("5.00")
    assert kinds(store)["commission_vat_reversal"] == Decimal("1.00")


def test_merchant_rate_applies_within_its_dates_then_the_default(store, settings):
    settings.TIJARA_COMMISSION_RATE = "0.05"
    CommissionRate.objects.create(merchant=store, rate=Decimal("0.0300"), valid_from=dt.date(2026, 3, 1),
                                  valid_to=dt.date(2026, 3, 31))
    with at(dt.date(2026, 3, 31)):
        inside = capture(store, "100.00")
    with at(dt.date(2026, 4, 1)):
        after = capture(store, "100.00")
    rates = dict(LedgerEntry.objects.filter(kind=EntryKind.COMMISSION).values_list("payment_id", "amount"))
    assert rates == {inside: Decimal("-3.00"), after: Decimal("-5.00")}


def test_vat_on_commission_is_the_normal_rate_in_force_on_the_day(store):
    """A finance law changing the normal rate applies to commissions from its date [TAX-COMMISSION-VAT]."""
    VatRate.objects.create(vat_class="standard", valid_from=dt.date(2030, 1, 1), rate=Decimal("22.00"),
                           exempt=False, legal_basis="test")
    with at(dt.date(2029, 12, 31)):
        capture(store, "100.00")
    with at(dt.date(2030, 1, 1)):
        capture(store, "100.00")
    vats = sorted(LedgerEntry.objects.filter(kind=EntryKind.COMMISSION_VAT).values_list("amount", flat=True))
    assert vats == [Decimal("-1.10"), Decimal("-1.00")]


@pytest.mark.parametrize("collected_by, amount", [("bank", "10.00"), ("platform", "0.00"), ("platform", "-5.00")])
def test_a_recording_with_an_unknown_collector_or_no_amount_is_refused(store, collected_by, amount):
    with pytest.raises(LedgerError):
        capture(store, amount, collected_by=collected_by)
    assert not LedgerEntry.objects.exists()


def test_the_database_refuses_a_line_whose_sign_contradicts_its_kind(store):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(merchant=store, kind=EntryKind.COMMISSION, amount=Decimal("5.00"),
                                   collected_by="platform")
