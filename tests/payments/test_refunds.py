"""Refunds, full or partial, never above what was captured; card refunds through the gateway (the simulator as a
real process), cash and transfer refunds recorded with their reference; bank transfers confirmed by hand."""

from decimal import Decimal

import pytest
from django.utils import translation

from tests.payments.helpers import callback, place, start
from tests.simulator.helpers import APPROVED, hidden_fields, pay
from tijara.ledger.models import EntryKind, LedgerEntry
from tijara.orders.models import Order
from tijara.payments.models import CardAttempt, Payment, Refund
from tijara.payments.providers import PaymentError
from tijara.payments.refunds import payment_refund
from tijara.payments.services import card_callback_handle, order_move, transfer_confirm

pytestmark = pytest.mark.django_db


def paid_by_card(simulator, orders, number=APPROVED):
    """The buyer pays the basket on the simulator's page; its signed result reaches the shop's callback."""
    simulator.control("never")  # no shop server here: the signed result the buyer carries back is posted instead
    form = start(orders)
    status, page = pay(simulator, form.fields, number)
    assert status == 200, page
    assert card_callback_handle(fields=hidden_fields(page)) == "ACTION=POSTAUTH"
    return form.fields["oid"]


def delivered(order):
    for status in ("confirmed", "shipped", "delivered"):
        order = order_move(order=order, to_status=status, actor=None)
    return Payment.objects.get(order=order)


def refunds_booked(payment):
    return sum(LedgerEntry.objects.filter(payment_id=payment.pk, kind=EntryKind.REFUND).values_list("amount", flat=True))


def test_a_card_refund_on_one_order_touches_only_its_share(filled_cart, gateway_simulator):
    """[PAY-REFUND-LIMIT]"""
    orders = place(filled_cart)
    oid = paid_by_card(gateway_simulator, orders)
    first, second = (Payment.objects.get(order=o) for o in orders)

    refund = payment_refund(payment=first, amount=Decimal("50.00"), actor=None)
    assert (refund.status, refund.merchant_id, refund.amount) == ("succeeded", first.merchant_id, Decimal("50.00"))
    assert refund.provider_reference  # the gateway's transaction id
    first.refresh_from_db()
    assert (first.status, first.refunded_amount) == ("partially_refunded", Decimal("50.00"))
    assert Payment.objects.get(pk=second.pk).refunded_amount == 0
    assert Payment.objects.get(pk=second.pk).status == "captured"
    assert gateway_simulator.payments()[oid]["refunded"] == "50.00"
    assert refunds_booked(first) == Decimal("-50.00") and refunds_booked(second) == 0


def test_partial_then_full_refund_and_nothing_more(filled_cart, gateway_simulator):
    """[PAY-REFUND-LIMIT]"""
    orders = place(filled_cart)
    oid = paid_by_card(gateway_simulator, orders)
    payment = Payment.objects.get(order=orders[0])
    payment_refund(payment=payment, amount="100.50", actor=None)
    payment_refund(payment=payment, amount=payment.captured_amount - Decimal("100.50"), actor=None)
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("refunded", payment.captured_amount)
    with pytest.raises(PaymentError):
        payment_refund(payment=payment, amount="0.01", actor=None)
    assert gateway_simulator.payments()[oid]["refunded"] == f"{payment.captured_amount:.2f}"
    assert refunds_booked(payment) == -payment.captured_amount


def test_a_refund_above_what_was_captured_is_refused_and_changes_nothing(filled_cart):
    """Never more than captured minus refunded [PAY-REFUND-LIMIT]."""
    payment = delivered(place(filled_cart, method="cod")[0])
    with pytest.raises(PaymentError) as refused:
        payment_refund(payment=payment, amount=payment.captured_amount + Decimal("0.01"), actor=None, reference="Reçu 101")
    assert refused.value.field == "amount"
    payment_refund(payment=payment, amount="40", actor=None, reference="Espèces rendues, reçu 12")
    with pytest.raises(PaymentError):
        payment_refund(payment=payment, amount=payment.captured_amount - Decimal("39.99"), actor=None, reference="Reçu 102")
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("partially_refunded", Decimal("40.00"))
    assert Refund.objects.filter(payment=payment).count() == 1


@pytest.mark.parametrize("amount", ["0", "-5", "1.001", "abc", "NaN", "1e40", "Infinity"])
def test_a_refund_amount_must_be_positive_dirhams(filled_cart, amount):
    payment = delivered(place(filled_cart, method="cod")[0])
    with pytest.raises(PaymentError) as refused:
        payment_refund(payment=payment, amount=amount, actor=None, reference="Reçu 101")
    assert refused.value.field == "amount"


def test_cash_refunds_need_their_reference_and_unpaid_orders_have_nothing_to_refund(filled_cart):
    orders = place(filled_cart, method="cod")
    with translation.override("en"), pytest.raises(PaymentError) as refused:
        payment_refund(payment=Payment.objects.get(order=orders[1]), amount="10", actor=None, reference="Reçu 101")
    assert "paid" in refused.value.message
    payment = delivered(orders[0])
    with pytest.raises(PaymentError) as refused:
        payment_refund(payment=payment, amount="10", actor=None, reference="  ")
    assert refused.value.field == "reference"
    refund = payment_refund(payment=payment, amount="10", actor=None, reference="Virement 778")
    assert (refund.reference, refund.status) == ("Virement 778", "succeeded")
    entry = LedgerEntry.objects.get(refund_id=refund.pk, kind=EntryKind.REFUND)
    assert (entry.amount, entry.collected_by) == (Decimal("-10.00"), "merchant")


def test_when_the_gateway_is_down_a_card_refund_is_refused_and_nothing_is_lost(filled_cart, gateway_simulator):
    orders = place(filled_cart)
    paid_by_card(gateway_simulator, orders)
    gateway_simulator.stop()
    payment = Payment.objects.get(order=orders[0])
    with translation.override("en"), pytest.raises(PaymentError) as refused:
        payment_refund(payment=payment, amount="20", actor=None)
    assert "cannot be reached" in refused.value.message
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("captured", 0)
    assert Refund.objects.get(payment=payment).status == "failed"
    # the failed try reserves nothing: the whole amount can be tried again (and fails for the same reason)
    with translation.override("en"), pytest.raises(PaymentError) as again:
        payment_refund(payment=payment, amount=payment.captured_amount, actor=None)
    assert "cannot be reached" in again.value.message


def test_cancelling_a_paid_card_order_refunds_it_through_the_gateway(filled_cart, gateway_simulator,
                                                                      django_capture_on_commit_callbacks):
    orders = place(filled_cart)
    oid = paid_by_card(gateway_simulator, orders)
    with django_capture_on_commit_callbacks(execute=True):  # the refund job runs once the cancellation commits
        order_move(order=orders[0], to_status="cancelled", actor=None, reason="Rupture de stock")
    payment = Payment.objects.get(order=orders[0])
    assert (payment.status, payment.refunded_amount, payment.staff_attention) == (
        "refunded", orders[0].total, "")
    assert gateway_simulator.payments()[oid]["refunded"] == f"{orders[0].total:.2f}"
    assert Payment.objects.get(order=orders[1]).status == "captured"


def test_a_card_approval_nobody_can_claim_is_given_back(filled_cart, gateway_simulator,
                                                        django_capture_on_commit_callbacks):
    """The bank approved after the basket was paid by another attempt: the money goes back through the gateway
    and the staff flag is cleared once it has."""
    orders = place(filled_cart)
    gateway_simulator.control("never")
    old = start(orders)
    status, page = pay(gateway_simulator, old.fields, APPROVED)
    old_result = hidden_fields(page)
    paid_by_card(gateway_simulator, orders)
    with django_capture_on_commit_callbacks(execute=True):  # the give-back job runs once the verdict commits
        assert card_callback_handle(fields=old_result) == "APPROVED"
    attempt = CardAttempt.objects.get(oid=old.fields["oid"])
    assert (attempt.status, attempt.refunded_amount) == ("unclaimed", attempt.amount)
    assert gateway_simulator.payments()[attempt.oid]["refunded"] == f"{attempt.amount:.2f}"
    assert set(Payment.objects.filter(order__in=orders).values_list("staff_attention", flat=True)) == {""}


def test_a_card_approval_the_gateway_does_not_give_back_stays_flagged(filled_cart, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.TIJARA_CMI_GATEWAY_URL = "http://127.0.0.1:9/fim/est3Dgate"
    orders = place(filled_cart)
    form = start(orders)
    for order in orders:
        order_move(order=order, to_status="cancelled", actor=None, reason="Client injoignable")
    with django_capture_on_commit_callbacks(execute=True):
        assert card_callback_handle(fields=callback(form)) == "APPROVED"
    assert all(form.fields["oid"] in p.staff_attention for p in Payment.objects.filter(order__in=orders))
    assert CardAttempt.objects.get(oid=form.fields["oid"]).refunded_amount == 0


# ---- bank transfer -------------------------------------------------------------------------------------
def test_a_bank_transfer_is_captured_when_the_merchant_confirms_it(filled_cart):
    orders = place(filled_cart, method="transfer")
    payment = Payment.objects.get(order=orders[0])
    assert (payment.provider, payment.status) == ("transfer", "pending")
    confirmed = order_move(order=orders[0], to_status="confirmed", actor=None)
    with pytest.raises(PaymentError):  # the goods wait for the money
        order_move(order=confirmed, to_status="shipped", actor=None)
    with pytest.raises(PaymentError) as refused:
        transfer_confirm(payment=payment, actor=None, reference="")
    assert refused.value.field == "reference"

    payment = transfer_confirm(payment=payment, actor=None, reference="VIR-2026-0042")
    assert transfer_confirm(payment=payment, actor=None, reference="VIR-2026-0042").pk == payment.pk  # twice: same
    with pytest.raises(PaymentError):
        transfer_confirm(payment=payment, actor=None, reference="VIR-OTHER")
    payment.refresh_from_db()
    assert (payment.status, payment.captured_amount, payment.reference) == (
        "captured", orders[0].total, "VIR-2026-0042")
    entry = LedgerEntry.objects.get(payment_id=payment.pk, kind=EntryKind.CAPTURE)
    assert (entry.collected_by, entry.method) == ("merchant", "transfer")
    assert order_move(order=confirmed, to_status="shipped", actor=None).status == "shipped"
    assert Payment.objects.get(pk=payment.pk).staff_attention == ""
    with pytest.raises(PaymentError):
        transfer_confirm(payment=Payment.objects.get(order=orders[1]), actor=None, reference="")
    cod = Payment.objects.filter(provider="cod")
    assert not cod.exists()
    assert Order.objects.get(pk=orders[1].pk).payment_method == "transfer"


def test_a_paid_transfer_order_cancelled_is_flagged_until_the_merchant_records_the_refund(filled_cart):
    """[PAY-REFUND-LIMIT]"""
    order = place(filled_cart, method="transfer")[0]
    payment = transfer_confirm(payment=Payment.objects.get(order=order), actor=None, reference="VIR-77")
    order_move(order=order, to_status="cancelled", actor=None, reason="Client a renoncé")
    payment.refresh_from_db()
    assert payment.status == "captured" and payment.staff_attention  # the merchant holds money to give back
    payment_refund(payment=payment, amount=payment.captured_amount, actor=None, reference="VIR-RETOUR-77")
    payment.refresh_from_db()
    assert (payment.status, payment.staff_attention) == ("refunded", "")
