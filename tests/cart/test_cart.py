"""The marketplace cart: lines of many stores grouped by store, quantities, removal, bad input."""

from decimal import Decimal

import pytest

from tests.factories import make_merchant, make_product
from tijara.cart import errors
from tijara.cart.models import CartLine
from tijara.cart.services import cart_create, cart_line_add, cart_line_remove, cart_line_set_quantity
from tijara.checkout.selectors import cart_recap
from tijara.core.errors import NotFound

pytestmark = pytest.mark.django_db


def test_cart_groups_lines_by_store_with_subtotals(shop):
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=2)
    cart_line_add(cart=cart, variant_id=shop["tile"].pk, quantity=1)
    recap = cart_recap(cart, with_details=False)
    assert [(g.merchant.slug, g.subtotal) for g in recap.groups] == [
        ("argania", Decimal("240.00")), ("zellige-fes", Decimal("80.00"))]
    assert recap.total == Decimal("320.00") and recap.item_count == 3


def test_adding_same_variant_adds_quantities(shop):
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=2)
    cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=3)
    assert CartLine.objects.get().quantity == 5


def test_change_and_remove_lines(shop):
    cart = cart_create()
    line = cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=2)
    cart_line_set_quantity(cart=cart, line_id=line.pk, quantity=4)
    assert CartLine.objects.get().quantity == 4
    cart_line_remove(cart=cart, line_id=line.pk)
    assert not CartLine.objects.exists()


@pytest.mark.parametrize("quantity", [0, -1, "x", 11, 1000])
def test_bad_quantities_are_refused(shop, quantity):
    cart = cart_create()
    with pytest.raises(errors.CartError) as caught:
        cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=quantity)
    assert caught.value.field == "quantity"
    assert not CartLine.objects.exists()


def test_unknown_variant_is_refused(shop):
    with pytest.raises(NotFound):
        cart_line_add(cart=cart_create(), variant_id=987654, quantity=1)


def test_variant_of_suspended_store_is_refused(db):
    suspended = make_merchant(status="suspended")
    variant = make_product(suspended).variants.get()
    with pytest.raises(errors.NotPurchasable):
        cart_line_add(cart=cart_create(), variant_id=variant.pk, quantity=1)


def test_line_of_another_cart_cannot_be_touched(shop):
    mine, theirs = cart_create(), cart_create()
    line = cart_line_add(cart=theirs, variant_id=shop["oil"].pk, quantity=1)
    with pytest.raises(NotFound):
        cart_line_remove(cart=mine, line_id=line.pk)
    assert CartLine.objects.filter(pk=line.pk).exists()
