"""Confirmation [EC-CONFIRM]: one order per merchant, all or nothing, prices re-read, idempotent."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_merchant, make_product
from tijara.cart import errors as cart_errors
from tijara.cart.services import cart_create, cart_line_add
from tijara.catalog.models import Variant
from tijara.checkout import errors
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order, OrderLine
from tijara.payments.models import Payment

pytestmark = pytest.mark.django_db


def confirm(cart, key=None):
    recap = checkout_prepare(cart=cart)
    return checkout_confirm(cart=cart, idempotency_key=key or new_key(), fingerprint=recap.fingerprint)


def test_one_checkout_places_one_order_per_merchant(filled_cart, shop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        orders = confirm(filled_cart)
    assert len(orders) == 2
    by_merchant = {o.merchant_id: o for o in orders}
    argan, zellige = by_merchant[shop["argan"].pk], by_merchant[shop["zellige"].pk]
    assert argan.number == "ARG-000001" and zellige.number == "ZEL-000001"
    # Argania is in Casablanca like the customer: city fee 20 MAD; 2 x 120 = 240 < 500 threshold.
    assert argan.subtotal == Decimal("240.00") and argan.shipping_fee == Decimal("20.00")
    assert argan.total == Decimal("260.00")  # delivery is part of the total to pay [CP-PRICE-TTC]
    assert zellige.subtotal == Decimal("240.00") and zellige.shipping_fee == Decimal("45.00")
    assert argan.phone == "+212612345678"  # [REF-PHONE]
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 8
    assert Variant.objects.get(pk=shop["tile"].pk).stock == 7
    assert OrderLine.objects.count() == 2
    assert set(Payment.objects.values_list("provider", "status")) == {("cod", "pending")}
    assert filled_cart.lines.count() == 0
    assert len(mail.outbox) == 2  # acknowledgement per order, right after commit [EC-ACK]
    assert "ARG-000001" in mail.outbox[0].body or "ARG-000001" in mail.outbox[1].body


def test_vat_by_rate_on_recap(filled_cart):
    """VAT per rate, delivery at the normal rate, bases and VAT adding up to the total [TAX-VAT-SHOWN]."""
    recap = checkout_prepare(cart=filled_cart)
    zellige = next(g for g in recap.groups if g.merchant.slug == "zellige-fes")
    rates = {(r.rate, r.exempt): r for r in zellige.vat_rows}
    assert Decimal("10.00") in {r for r, _e in rates}  # tiles at 10 %
    assert Decimal("20.00") in {r for r, _e in rates}  # delivery at the standard rate
    assert sum(r.base + r.vat for r in zellige.vat_rows) == zellige.total


def test_double_confirm_with_same_key_creates_one_order(filled_cart):
    key = new_key()
    first = confirm(filled_cart, key)
    again = checkout_confirm(cart=filled_cart, idempotency_key=key)
    assert [o.number for o in again] == [o.number for o in first]
    assert Order.objects.count() == 2


def test_price_change_since_recap_is_shown_before_anything_binding(filled_cart, shop):
    recap = checkout_prepare(cart=filled_cart)
    Variant.objects.filter(pk=shop["oil"].pk).update(price=Decimal("130.00"))
    with pytest.raises(errors.PriceChanged) as caught:
        checkout_confirm(cart=filled_cart, idempotency_key=new_key(), fingerprint=recap.fingerprint)
    assert caught.value.recap.total != recap.total
    assert Order.objects.count() == 0
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 10
    # Once the new recap is shown, confirmation goes through at the new price.
    orders = confirm(filled_cart)
    assert {o.subtotal for o in orders} >= {Decimal("260.00")}


def test_tampered_fingerprint_is_refused(filled_cart):
    checkout_prepare(cart=filled_cart)
    with pytest.raises(errors.PriceChanged):
        checkout_confirm(cart=filled_cart, idempotency_key=new_key(), fingerprint="0" * 64)
    assert Order.objects.count() == 0


def test_all_or_nothing_when_one_store_is_out_of_stock(filled_cart, shop):
    recap = checkout_prepare(cart=filled_cart)
    Variant.objects.filter(pk=shop["tile"].pk).update(stock=1)
    with pytest.raises(cart_errors.OutOfStock):
        checkout_confirm(cart=filled_cart, idempotency_key=new_key(), fingerprint=recap.fingerprint)
    assert Order.objects.count() == 0
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 10  # nothing taken from the other store


def test_empty_cart_cannot_be_confirmed(shop):
    cart = cart_create()
    with pytest.raises(cart_errors.EmptyCart):
        checkout_confirm(cart=cart, idempotency_key=new_key())


def test_store_without_shipping_method_cannot_be_checked_out(shop):
    bare = make_merchant(name="Sans Livraison", slug="sans-livraison", delivery=False)
    variant = make_product(bare, prices=("50.00",)).variants.get()
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=1)
    fill_details(cart)
    with pytest.raises(errors.NoShippingMethod):
        confirm(cart)
    assert Order.objects.count() == 0


def test_free_delivery_above_merchant_threshold(shop):
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=5)  # 600 MAD >= 500
    fill_details(cart)
    (order,) = confirm(cart)
    assert order.shipping_fee == Decimal("0.00") and order.total == Decimal("600.00")


def test_order_numbers_are_sequential_per_merchant(shop):
    numbers = []
    for _ in range(3):
        cart = cart_create()
        cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=1)
        fill_details(cart)
        numbers += [o.number for o in confirm(cart)]
    assert numbers == ["ARG-000001", "ARG-000002", "ARG-000003"]


@pytest.mark.parametrize("instant, order_day", [
    ("2025-06-10T10:00:00+00:00", dt.date(2025, 6, 10)),
    ("2025-06-10T23:30:00+00:00", dt.date(2025, 6, 11)),  # Morocco on UTC+1: already the next day
    ("2025-03-10T23:30:00+00:00", dt.date(2025, 3, 10)),  # Ramadan: Morocco back on UTC
    ("2025-12-31T23:30:00+00:00", dt.date(2026, 1, 1)),
])
def test_delivery_deadline_written_on_order(filled_cart, shop, instant, order_day, settings):
    """Every order carries its latest delivery day [CP-DELIVERY-30]: the day it was placed in Morocco plus the
    longest delay of the delivery method the customer chose for that store."""
    from tijara.shipping.models import ShippingMethod

    assert settings.TIME_ZONE == "Africa/Casablanca"
    ShippingMethod.objects.filter(merchant=shop["argan"]).update(delivery_days_max=12)
    ShippingMethod.objects.filter(merchant=shop["zellige"]).update(delivery_days_max=4)
    with time_machine.travel(dt.datetime.fromisoformat(instant), tick=False):
        orders = confirm(filled_cart)
    deadlines = {order.merchant_id: order.deliver_by for order in orders}
    assert deadlines == {shop["argan"].pk: order_day + dt.timedelta(days=12),
                         shop["zellige"].pk: order_day + dt.timedelta(days=4)}
    for order in orders:
        assert order.created_at == dt.datetime.fromisoformat(instant)
        assert order.created_at.astimezone(ZoneInfo("Africa/Casablanca")).date() == order_day


def test_key_of_another_cart_is_refused_and_places_nothing(filled_cart, shop):
    key = new_key()
    confirm(filled_cart, key)
    other = cart_create()
    cart_line_add(cart=other, variant_id=shop["oil"].pk, quantity=1)
    fill_details(other)
    with pytest.raises(errors.IdempotencyConflict):
        confirm(other, key)
    assert Order.objects.count() == 2
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 8
    assert other.lines.count() == 1


def test_first_order_of_a_store_creates_its_counter_then_numbers_from_one(shop):
    from tijara.orders.models import OrderCounter

    assert not OrderCounter.objects.filter(pk=shop["argan"].pk).exists()
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=1)
    fill_details(cart)
    (order,) = confirm(cart)
    assert order.number == "ARG-000001"
    assert OrderCounter.objects.get(pk=shop["argan"].pk).last_number == 1
    assert Variant.objects.get(pk=shop["oil"].pk).stock == 9  # taken once, not twice
