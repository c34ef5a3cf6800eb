"""Real concurrency on PostgreSQL, each thread with its own connection: two finance staff creating the same
payout at once make one payout, and the same capture recorded twice at once is booked once."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.concurrency.test_checkout_races import race
from tests.dashboard.conftest import VALID_RIB
from tests.factories import make_merchant
from tests.ledger.conftest import at, capture
from tijara.accounts.models import User
from tijara.ledger.errors import PayoutError
from tijara.ledger.models import EntryKind, LedgerEntry, Payout
from tijara.ledger.selectors import merchant_balance
from tijara.ledger.services import ledger_capture_record, payout_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOV = dt.date(2026, 11, 1)


def test_two_staff_creating_the_same_payout_at_once_make_one_payout():
    store = make_merchant(name="Argania", slug="argania-race", rib=VALID_RIB, delivery=False)
    staff = [User.objects.create_user(f"finance{i}@tijara.ma", "a long enough pass 42", is_staff=True)
             for i in range(2)]
    with at(NOV):
        capture(store, "1000.00")
    with at(NOV + dt.timedelta(days=3)):
        results = race([
            (lambda u=u: payout_create(merchant=store, period_start=NOV, period_end=NOV + dt.timedelta(days=1),
                                       actor=u))
            for u in staff
        ])
    made = [r for r in results if isinstance(r, Payout)]
    refused = [r for r in results if isinstance(r, PayoutError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert Payout.objects.count() == 1 and LedgerEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 1
    assert made[0].amount == Decimal("940.00") and merchant_balance(merchant_id=store.pk) == 0


def test_the_same_capture_recorded_twice_at_once_is_booked_once():
    store = make_merchant(name="Bazar", slug="bazar-race", delivery=False)
    record = dict(merchant_id=store.pk, payment_id=4242, order_number="BAZ-000001", amount=Decimal("200.00"),
                  method="card", collected_by="platform")
    results = race([lambda: ledger_capture_record(**record) for _ in range(4)])
    assert results == [None] * 4
    assert sorted(LedgerEntry.objects.values_list("kind", flat=True)) == ["capture", "commission", "commission_vat"]
    assert merchant_balance(merchant_id=store.pk) == Decimal("188.00")
