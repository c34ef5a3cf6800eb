"""Real concurrent callbacks and refunds on PostgreSQL, each thread with its own connection."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.concurrency.test_checkout_races import race
from tests.payments.helpers import callback, place, start
from tests.simulator.helpers import hidden_fields, pay
from tijara.ledger.models import EntryKind, LedgerEntry
from tijara.orders.models import Order
from tijara.payments.expiry import payments_expire
from tijara.payments.models import GatewayCallback, Payment, Refund
from tijara.payments.providers import PaymentError
from tijara.payments.refunds import payment_refund
from tijara.payments.services import card_callback_handle, order_move

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_copies_of_one_approved_callback_capture_once(filled_cart):
    """[PAY-CARD-CALLBACK]"""
    orders = place(filled_cart)
    fields = callback(start(orders))
    replies = race([(lambda: card_callback_handle(fields=fields)) for _ in range(20)])
    assert sorted(replies) == ["ACTION=POSTAUTH"] + ["APPROVED"] * 19, replies
    assert LedgerEntry.objects.filter(kind=EntryKind.CAPTURE).count() == 2  # one per order of the basket
    assert {(p.status, p.captured_amount) for p in Payment.objects.filter(order__in=orders)} == {
        ("captured", o.total) for o in orders}
    verdicts = list(GatewayCallback.objects.values_list("verdict", flat=True))
    assert sorted(verdicts) == ["captured"] + ["duplicate"] * 19


def test_an_approval_racing_the_expiry_is_either_captured_or_flagged_never_both(filled_cart):
    orders = place(filled_cart)
    fields = callback(start(orders))
    late = timezone.now() + dt.timedelta(hours=2)
    reply, expired = race([lambda: card_callback_handle(fields=fields), lambda: payments_expire(now=late)])
    statuses = set(Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("status", flat=True))
    payments = list(Payment.objects.filter(order__in=orders))
    if reply == "ACTION=POSTAUTH":
        assert (expired, statuses, {p.status for p in payments}) == (0, {"placed"}, {"captured"})
    else:
        assert (reply, expired, statuses, {p.status for p in payments}) == ("APPROVED", 1, {"cancelled"}, {"expired"})
        assert all(p.staff_attention for p in payments)
        assert not LedgerEntry.objects.exists()


def test_two_cash_refunds_that_together_exceed_the_capture_one_is_refused(filled_cart):
    """[PAY-REFUND-LIMIT]"""
    order = place(filled_cart, method="cod")[0]
    for status in ("confirmed", "shipped", "delivered"):
        order = order_move(order=order, to_status=status, actor=None)
    payment = Payment.objects.get(order=order)
    share = (payment.captured_amount * Decimal("0.6")).quantize(Decimal("0.01"))
    results = race([(lambda n=n: payment_refund(payment=payment, amount=share, actor=None, reference=f"Reçu {n}"))
                    for n in range(2)])
    assert sorted(type(r).__name__ for r in results) == ["PaymentError", "Refund"], results
    payment.refresh_from_db()
    assert payment.refunded_amount == share
    assert Refund.objects.filter(payment=payment).count() == 1


def test_two_card_refunds_that_together_exceed_the_capture_one_is_refused(filled_cart, gateway_simulator):
    """Each card refund goes to the gateway outside the transaction; the amount is reserved first
    [PAY-REFUND-LIMIT]."""
    orders = place(filled_cart)
    gateway_simulator.control("never")
    status, page = pay(gateway_simulator, start(orders).fields, "4111111111111111")
    assert card_callback_handle(fields=hidden_fields(page)) == "ACTION=POSTAUTH"
    payment = Payment.objects.get(order=orders[0])
    share = (payment.captured_amount * Decimal("0.6")).quantize(Decimal("0.01"))
    results = race([(lambda: payment_refund(payment=payment, amount=share, actor=None)) for _ in range(2)])
    assert sorted(type(r).__name__ for r in results) == ["PaymentError", "Refund"], results
    assert next(r for r in results if isinstance(r, PaymentError)).field == "amount"
    assert Refund.objects.filter(payment=payment).count() == 1  # refused by the limit, before asking the gateway
    payment.refresh_from_db()
    assert (payment.refunded_amount, payment.status) == (share, "partially_refunded")
    assert gateway_simulator.payments()[payment.reference]["refunded"] == f"{share:.2f}"
