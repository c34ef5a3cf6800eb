"""An order delivered at a chosen instant, paid cash on delivery, with the durable confirmation sent (or not)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_category, make_merchant, make_product
from tijara.cart.services import cart_create, cart_line_add
from tijara.catalog.models import Product
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order
from tijara.payments.services import order_move
from tijara.shipping.services import shipping_defaults_ensure

CASA = zoneinfo.ZoneInfo("Africa/Casablanca")


@pytest.fixture
def store(db):
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    argan = make_merchant(name="Argania", slug="argania")
    shipping_defaults_ensure(merchants=[argan])
    oil = make_product(argan, category=beauty, fr="Huile d'argan", ar="زيت أركان", prices=("120.00",), stock=10)
    soap = make_product(argan, category=beauty, fr="Savon beldi", ar="صابون بلدي", prices=("40.00",), stock=10)
    honey = make_product(argan, category=beauty, fr="Miel de thym", ar="عسل الزعتر", prices=("90.00",), stock=10)
    Product.objects.filter(pk=honey.pk).update(non_withdrawable="perishable")
    return {"merchant": argan, "oil": oil.variants.get(), "soap": soap.variants.get(), "honey": honey.variants.get()}


def place(store, *, placed: dt.datetime, honey: bool = False, email: str = "salma@example.ma",
          payment_method: str = "cod") -> Order:
    with time_machine.travel(placed, tick=False):
        cart = cart_create()
        cart_line_add(cart=cart, variant_id=store["oil"].pk, quantity=2)
        cart_line_add(cart=cart, variant_id=store["soap"].pk, quantity=1)
        if honey:
            cart_line_add(cart=cart, variant_id=store["honey"].pk, quantity=1)
        fill_details(cart, email=email, payment_method=payment_method)
        return checkout_confirm(cart=cart, idempotency_key=new_key(),
                                fingerprint=checkout_prepare(cart=cart).fingerprint)[0]


def deliver(order: Order, *, at: dt.datetime, confirmed: bool = True) -> Order:
    """Confirm (the written confirmation goes out) or not, ship, then deliver at `at` (COD captured)."""
    with time_machine.travel(at - dt.timedelta(days=2), tick=False):
        order_move(order=order, to_status="confirmed", actor=None)
        order_move(order=order, to_status="shipped", actor=None)
    with time_machine.travel(at, tick=False):
        order_move(order=order, to_status="delivered", actor=None)
    # The confirmation job runs after commit; its record is written here: sent two days before delivery, or
    # never (the e-mail failed).
    Order.objects.filter(pk=order.pk).update(confirmation_sent_at=at - dt.timedelta(days=2) if confirmed else None)
    return Order.objects.get(pk=order.pk)


@pytest.fixture
def delivered_order(store):
    """Delivered on 4 May 2026 at 15:00 in Casablanca (UTC+1), confirmed in writing before: 7 days, last day 11 May."""
    order = place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA), honey=True)
    return deliver(order, at=dt.datetime(2026, 5, 4, 15, 0, tzinfo=CASA))
