"""The withdrawal period ends at 23:59:59 Africa/Casablanca of its last day: 7 days from receipt, or 30 when the
written confirmation did not arrive by delivery; the refund is due 15 days later, with legal interest after
[CP-WITHDRAWAL-DEADLINE] [CP-REFUND-15-DAYS] [CP-REFUND-INTEREST]. May 2026: Casablanca is UTC+1."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.aftersale.conftest import CASA, deliver, place
from tijara.aftersale.errors import AftersaleError, WithdrawalClosed
from tijara.aftersale.models import RefundDue, Withdrawal
from tijara.aftersale.services import withdrawal_request
from tijara.orders import rules

pytestmark = pytest.mark.django_db


def _withdraw(order, instant: dt.datetime):
    with time_machine.travel(instant, tick=False):
        return withdrawal_request(order=order, line_ids=[], language="fr")


def test_withdrawal_accepted_on_day_7_until_midnight_casablanca(delivered_order):
    """[CP-WITHDRAWAL-DEADLINE] delivered 4 May: the last day is 11 May, accepted at 23:59:59 there."""
    assert rules.withdrawal_last_day(delivered_order) == dt.date(2026, 5, 11)
    withdrawal = _withdraw(delivered_order, dt.datetime(2026, 5, 11, 23, 59, 59, tzinfo=CASA))
    due = RefundDue.objects.get(withdrawal=withdrawal)
    assert due.started_on == dt.date(2026, 5, 11) and due.due_on == dt.date(2026, 5, 26)  # [CP-REFUND-15-DAYS]


def test_withdrawal_refused_on_day_8_with_the_end_date(delivered_order):
    """[CP-WITHDRAWAL-DEADLINE] midnight in Casablanca (still 11 May, 23:00, in UTC) is too late."""
    instant = dt.datetime(2026, 5, 12, 0, 0, 0, tzinfo=CASA)
    assert instant.astimezone(dt.UTC).date() == dt.date(2026, 5, 11)
    with pytest.raises(WithdrawalClosed) as refused:
        _withdraw(delivered_order, instant)
    assert "11 mai 2026" in refused.value.message
    assert not Withdrawal.objects.exists() and not RefundDue.objects.exists()


@pytest.mark.parametrize("instant, accepted", [
    (dt.datetime(2026, 6, 3, 23, 59, 59, tzinfo=CASA), True),   # day 30
    (dt.datetime(2026, 6, 4, 0, 0, 0, tzinfo=CASA), False),     # day 31
])
def test_thirty_days_without_the_written_confirmation(store, instant, accepted):
    """[CP-WITHDRAWAL-DEADLINE] [CP-CONFIRMATION] no confirmation by delivery (4 May): the last day is 3 June."""
    order = deliver(place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA)),
                    at=dt.datetime(2026, 5, 4, 9, 0, tzinfo=CASA), confirmed=False)
    assert rules.withdrawal_days(order) == 30
    assert rules.withdrawal_last_day(order) == dt.date(2026, 6, 3)
    if accepted:
        assert _withdraw(order, instant).lines.count() == 2
    else:
        with pytest.raises(WithdrawalClosed, match="3 juin 2026"):
            _withdraw(order, instant)


def test_delivery_just_after_midnight_counts_from_that_day(store):
    """[CP-WITHDRAWAL-DEADLINE] delivered at 00:30 in Casablanca on 5 May (23:30 UTC on 4 May): last day 12 May."""
    order = deliver(place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA)),
                    at=dt.datetime(2026, 5, 5, 0, 30, tzinfo=CASA))
    assert rules.received_on(order) == dt.date(2026, 5, 5)
    assert rules.withdrawal_last_day(order) == dt.date(2026, 5, 12)
    with pytest.raises(AftersaleError, match="réception des produits"):  # before delivery, nothing to withdraw yet
        _withdraw(place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA)),
                  dt.datetime(2026, 4, 28, 10, 0, tzinfo=CASA))


@pytest.mark.parametrize("today, days, interest", [
    (dt.date(2026, 5, 26), 0, "0.00"),    # day 15: still in time
    (dt.date(2026, 5, 27), 1, "0.03"),    # day 16: one day of interest on 200 MAD at 6 % a year
    (dt.date(2026, 6, 26), 31, "1.02"),
])
def test_legal_interest_runs_from_day_16(settings, today, days, interest):
    """[CP-REFUND-INTEREST] simple interest per day late, at the rate of the setting."""
    settings.TIJARA_LEGAL_INTEREST_RATE = "0.06"
    due_on = rules.refund_due_on(dt.date(2026, 5, 11))
    assert due_on == dt.date(2026, 5, 26)
    assert rules.days_overdue(due_on, today) == days
    assert rules.legal_interest(Decimal("200.00"), due_on, today) == Decimal(interest)
