"""Order placement (`orders.services.orders_place`): numbers per store, counters born on the first order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_merchant, make_product
from tijara.cart.errors import OutOfStock
from tijara.cart.services import cart_create, cart_line_add
from tijara.catalog.models import Variant
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order, OrderCounter
from tijara.orders.services import OrderCustomer, orders_place

pytestmark = pytest.mark.django_db


def buy(variant_id: int, quantity: int = 1) -> list[Order]:
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=variant_id, quantity=quantity)
    fill_details(cart)
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)


def test_stores_whose_names_start_alike_get_their_own_prefix_and_sequence():
    first = make_product(make_merchant(name="Argania", slug="argania")).variants.get()
    second = make_product(make_merchant(name="Argan Bio", slug="argan-bio")).variants.get()
    assert [o.number for o in buy(first.pk)] == ["ARG-000001"]
    assert [o.number for o in buy(second.pk)] == ["ARG2-000001"]
    assert [o.number for o in buy(first.pk)] == ["ARG-000002"]
    assert [o.number for o in buy(second.pk)] == ["ARG2-000002"]


def test_a_store_first_order_creates_its_counter_without_rolling_anything_back():
    variant = make_product(make_merchant(name="Zellige Fès", slug="zellige-fes"), stock=3).variants.get()
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=1)
    fill_details(cart)
    fingerprint = checkout_prepare(cart=cart).fingerprint
    with CaptureQueriesContext(connection) as queries:
        (order,) = checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=fingerprint)
    sql = [q["sql"].upper() for q in queries.captured_queries]
    assert order.number == "ZEL-000001"
    assert sum("INSERT" in s and "ORDERS_ORDERCOUNTER" in s for s in sql) == 1
    assert not any("ROLLBACK" in s for s in sql)
    assert Variant.objects.get(pk=variant.pk).stock == 2  # taken once


def test_a_refused_checkout_gives_its_numbers_back():
    merchant = make_merchant(name="Argania", slug="argania")
    scarce = make_product(merchant, stock=1).variants.get()
    buy(scarce.pk)
    Variant.objects.filter(pk=scarce.pk).update(stock=1)
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=scarce.pk, quantity=1)
    fill_details(cart)
    fingerprint = checkout_prepare(cart=cart).fingerprint
    Variant.objects.filter(pk=scarce.pk).update(stock=0)  # sold elsewhere meanwhile
    with pytest.raises(OutOfStock):
        checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=fingerprint)
    assert OrderCounter.objects.get(pk=merchant.pk).last_number == 1
    Variant.objects.filter(pk=scarce.pk).update(stock=5)
    assert [o.number for o in buy(scarce.pk)] == ["ARG-000002"]


@pytest.mark.django_db(transaction=True)
def test_orders_are_placed_only_inside_the_confirmation_transaction():
    customer = OrderCustomer(full_name="Salma Bennani", email="salma@example.ma", phone="+212612345678",
                             address_line="12 Rue Ibn Batouta", city_id=1, region_id=6, language="fr",
                             payment_method="cod")
    with pytest.raises(RuntimeError):
        orders_place(plans=[], customer=customer, fingerprint="x")
