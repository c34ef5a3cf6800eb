"""The COD status machine [PAY-COD]: placed → confirmed → shipped → delivered → completed (pages:
tests/dashboard)."""

import pytest

from tests.checkout.helpers import new_key
from tijara.catalog.models import Variant
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order, OrderStatus
from tijara.orders.services import OrderStateError
from tijara.payments.models import PaymentStatus
from tijara.payments.services import order_move

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(filled_cart):
    recap = checkout_prepare(cart=filled_cart)
    return checkout_confirm(cart=filled_cart, idempotency_key=new_key(), fingerprint=recap.fingerprint)


def test_cod_order_walks_the_whole_status_machine(orders, shop):
    order = next(o for o in orders if o.merchant_id == shop["argan"].pk)
    for status in ("confirmed", "shipped", "delivered", "completed"):
        order = order_move(order=order, to_status=status, actor=None)
    assert order.status == OrderStatus.COMPLETED
    assert order.payment.status == PaymentStatus.CAPTURED  # cash collected at delivery
    assert list(order.status_changes.values_list("to_status", flat=True)) == [
        "placed", "confirmed", "shipped", "delivered", "completed"]


def test_invalid_transition_is_refused_with_a_message(orders):
    with pytest.raises(OrderStateError) as caught:
        order_move(order=orders[0], to_status="delivered", actor=None)
    assert orders[0].number in caught.value.message
    assert Order.objects.get(pk=orders[0].pk).status == "placed"


def test_cancel_needs_reason_and_releases_stock(orders, shop):
    order = next(o for o in orders if o.merchant_id == shop["argan"].pk)
    with pytest.raises(OrderStateError):
        order_move(order=order, to_status="cancelled", actor=None)
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 8
    order = order_move(order=order, to_status="cancelled", actor=None, reason="Client injoignable")
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 10
    assert order.payment.status == PaymentStatus.CANCELLED
    with pytest.raises(OrderStateError):
        order_move(order=order, to_status="confirmed", actor=None)
