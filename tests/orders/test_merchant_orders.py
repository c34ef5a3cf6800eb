"""Merchant order pages and the COD status machine: placed → confirmed → shipped → delivered → completed."""

import pytest
from django.urls import reverse

from tests.checkout.helpers import new_key
from tijara.accounts.models import User
from tijara.catalog.models import Variant
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.merchants.models import MerchantMembership
from tijara.orders.models import Order, OrderStatus
from tijara.orders.services import OrderStateError, order_transition
from tijara.payments.models import PaymentStatus

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.orders.urls")]


@pytest.fixture
def orders(filled_cart):
    recap = checkout_prepare(cart=filled_cart)
    return checkout_confirm(cart=filled_cart, idempotency_key=new_key(), fingerprint=recap.fingerprint)


def staff_of(merchant, email="staff@argania.ma"):
    user = User.objects.create_user(email=email, password="a-long-pass-phrase-42")
    MerchantMembership.objects.create(merchant=merchant, user=user, role="staff")
    return user


def test_cod_order_walks_the_whole_status_machine(orders, shop):
    order = next(o for o in orders if o.merchant_id == shop["argan"].pk)
    for status in ("confirmed", "shipped", "delivered", "completed"):
        order = order_transition(order=order, to_status=status, actor=None)
    assert order.status == OrderStatus.COMPLETED
    assert order.payment.status == PaymentStatus.CAPTURED  # cash collected at delivery
    assert list(order.status_changes.values_list("to_status", flat=True)) == [
        "placed", "confirmed", "shipped", "delivered", "completed"]


def test_invalid_transition_is_refused_with_a_message(orders):
    with pytest.raises(OrderStateError) as caught:
        order_transition(order=orders[0], to_status="delivered", actor=None)
    assert orders[0].number in caught.value.message
    assert Order.objects.get(pk=orders[0].pk).status == "placed"


def test_cancel_needs_reason_and_releases_stock(orders, shop):
    order = next(o for o in orders if o.merchant_id == shop["argan"].pk)
    with pytest.raises(OrderStateError):
        order_transition(order=order, to_status="cancelled", actor=None)
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 8
    order = order_transition(order=order, to_status="cancelled", actor=None, reason="Client injoignable")
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 10
    assert order.payment.status == PaymentStatus.CANCELLED
    with pytest.raises(OrderStateError):
        order_transition(order=order, to_status="confirmed", actor=None)


def test_merchant_sees_only_its_orders(client, orders, shop):
    client.force_login(staff_of(shop["argan"]))
    page = client.get(reverse("merchant_orders:list"))
    assert page.status_code == 200
    assert "ARG-000001" in page.content.decode() and "ZEL-000001" not in page.content.decode()
    assert client.get(reverse("merchant_orders:detail", args=["ZEL-000001"])).status_code == 404


def test_merchant_moves_order_through_the_page(client, orders, shop):
    client.force_login(staff_of(shop["argan"]))
    client.post(reverse("merchant_orders:move", args=["ARG-000001"]), {"to_status": "confirmed"})
    assert Order.objects.get(number="ARG-000001").status == "confirmed"
    response = client.post(reverse("merchant_orders:move", args=["ARG-000001"]), {"to_status": "completed"},
                           follow=True)
    assert Order.objects.get(number="ARG-000001").status == "confirmed"
    assert 'class="message error"' in response.content.decode()


def test_anonymous_customer_and_other_merchant_are_refused(client, orders, shop):
    assert client.get(reverse("merchant_orders:list")).status_code == 302
    client.force_login(User.objects.create_user(email="client@example.ma", password="x-long-pass-phrase-42"))
    assert client.get(reverse("merchant_orders:list")).status_code == 403
    assert client.post(reverse("merchant_orders:move", args=["ARG-000001"]),
                       {"to_status": "confirmed"}).status_code == 403
    client.force_login(staff_of(shop["zellige"], "staff@zellige.ma"))
    assert client.post(reverse("merchant_orders:move", args=["ARG-000001"]),
                       {"to_status": "confirmed"}).status_code == 404
    assert Order.objects.get(number="ARG-000001").status == "placed"


def test_merchant_order_list_query_count(client, orders, shop, django_assert_max_num_queries):
    client.force_login(staff_of(shop["argan"]))
    with django_assert_max_num_queries(8):
        client.get(reverse("merchant_orders:list"))


