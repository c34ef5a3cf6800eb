"""Real concurrent requests on PostgreSQL, each thread with its own connection: two staff refunding the same
withdrawal refund it once, and two withdrawal requests for the same lines record one [CP-REFUND-15-DAYS]
[CP-WITHDRAWAL-FORM]."""

import datetime as dt

import pytest
import time_machine

from tests.aftersale.conftest import CASA, deliver, place, store  # noqa: F401  (fixture)
from tests.concurrency.test_checkout_races import race
from tests.dashboard.conftest import make_member
from tijara.aftersale.errors import AftersaleError
from tijara.aftersale.models import RefundDue, RefundDueStatus, WithdrawalLine
from tijara.aftersale.services import refund_due_pay, withdrawal_request
from tijara.invoicing.models import CreditNote
from tijara.merchants.models import Role
from tijara.payments.models import Payment, Refund

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def order(store):  # noqa: F811
    placed = place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA))
    return deliver(placed, at=dt.datetime(2026, 5, 4, 15, 0, tzinfo=CASA))


def test_two_staff_refunding_the_same_withdrawal_refund_it_once(order):
    """[CP-REFUND-15-DAYS] the due row is locked: one refund, one credit note, the other told it is done."""
    with time_machine.travel(dt.datetime(2026, 5, 6, 10, 0, tzinfo=CASA), tick=False):
        withdrawal = withdrawal_request(order=order, line_ids=[])
    due = RefundDue.objects.get(withdrawal=withdrawal)
    staff = [make_member(order.merchant, Role.OWNER, email="owner@argania.ma"),
             make_member(order.merchant, Role.MANAGER, email="manager@argania.ma")]
    results = race([
        (lambda user=user: refund_due_pay(merchant_id=order.merchant_id, refund_due_id=due.pk, actor=user,
                                          reference=f"RECU-{user.pk}"))
        for user in staff
    ])
    assert sum(isinstance(r, RefundDue) for r in results) == 1, results
    assert sum(isinstance(r, AftersaleError) for r in results) == 1, results
    due.refresh_from_db()
    assert due.status == RefundDueStatus.SETTLED and due.refunded_amount == order.total
    payment = Payment.objects.get(order=order)
    assert payment.refunded_amount == order.total
    assert Refund.objects.filter(payment=payment).count() == 1
    assert CreditNote.objects.filter(order=order, refund_id__isnull=False).count() == 1


def test_two_withdrawal_requests_for_the_same_order_record_one(order):
    """[CP-WITHDRAWAL-FORM] the order row is locked: the second finds the lines taken."""
    instant = dt.datetime(2026, 5, 6, 10, 0, tzinfo=CASA)

    def withdraw():
        with time_machine.travel(instant, tick=False):
            return withdrawal_request(order=order, line_ids=[])

    results = race([withdraw, withdraw])
    assert sum(isinstance(r, AftersaleError) for r in results) == 1, results
    assert WithdrawalLine.objects.count() == order.lines.count() and RefundDue.objects.count() == 1
