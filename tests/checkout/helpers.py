"""Shared helpers and fixtures of the checkout tests (cart, checkout, orders, payments, accounts, concurrency, browser)."""

import uuid

import pytest

from tests.factories import make_merchant, make_product
from tijara.cart.models import Cart
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_details_save
from tijara.core.models import City
from tijara.shipping.services import shipping_defaults_ensure


def customer_details(cart: Cart, **overrides) -> dict:
    """Valid checkout details for `cart`, choosing each store's first (home delivery) method."""
    from tijara.shipping.models import ShippingMethod

    casa = City.objects.get(name_fr="Casablanca")
    merchant_ids = set(cart.lines.values_list("merchant_id", flat=True))
    choices = {
        str(mid): ShippingMethod.objects.filter(merchant_id=mid).order_by("position", "pk").first().pk
        for mid in merchant_ids
        if ShippingMethod.objects.filter(merchant_id=mid).exists()
    }
    data = dict(full_name="Salma Bennani", phone="06 12 34 56 78", email="salma@example.ma",
                address_line="12 Rue Ibn Batouta, Maârif", city_id=casa.pk, region_code=casa.region_id,
                payment_method="cod", shipping_choices=choices, language="fr")
    data.update(overrides)
    return data


def fill_details(cart: Cart, **overrides):
    return checkout_details_save(cart=cart, **customer_details(cart, **overrides))


def new_key() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def shop(db):
    """Two validated stores with shipping methods, one product each (stock 10)."""
    argan = make_merchant(name="Argania", slug="argania")
    zellige = make_merchant(name="Zellige Fès", slug="zellige-fes", region_code=3)
    shipping_defaults_ensure(merchants=[argan, zellige])
    oil = make_product(argan, fr="Huile d'argan", prices=("120.00",), stock=10)
    tile = make_product(zellige, fr="Carreau de zellige", prices=("80.00",), stock=10, vat_class="reduced_10")
    return {"argan": argan, "zellige": zellige, "oil": oil.variants.get(), "tile": tile.variants.get()}


@pytest.fixture
def filled_cart(shop):
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=2)
    cart_line_add(cart=cart, variant_id=shop["tile"].pk, quantity=3)
    fill_details(cart)
    return cart

