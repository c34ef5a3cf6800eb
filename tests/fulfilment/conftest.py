# ruff: noqa: F811  (fixtures imported from tests/dashboard/conftest.py are then requested by name)
"""Fixtures of the cash-on-delivery tests: the back-office fixtures, a COD order with stock taken, a carrier."""

import pytest

from tests.dashboard.conftest import (  # noqa: F401  (fixtures)
    category,
    client_a,
    client_for,
    make_member,
    make_order,
    owner_a,
    owner_b,
    product_a,
    product_b,
    store_a,
    store_b,
)
from tijara.catalog.models import Variant
from tijara.fulfilment.services import carrier_add
from tijara.merchants.models import Role


def cod_order(merchant, product, number: str, *, phone: str = "+212611111111", quantity: int = 2):
    """A placed COD order whose units were taken from stock, as checkout leaves it."""
    from django.db.models import F

    order = make_order(merchant, number=number, product=product, quantity=quantity)
    if phone != order.phone:
        order.phone = phone
        order.save(update_fields=["phone"])
    Variant.objects.filter(pk=product.variants.first().pk).update(stock=F("stock") - quantity)
    return order


def stock_of(product) -> int:
    return Variant.objects.get(pk=product.variants.first().pk).stock


@pytest.fixture
def staff_a(store_a):
    return make_member(store_a, Role.STAFF, email="staff-a@example.ma")


@pytest.fixture
def carrier_a(store_a):
    return carrier_add(merchant=store_a, reference_code="amana-barid-al-maghrib-poste-maroc")
