"""Fixtures of the back-office tests: two merchants with an owner each, a reviewer, a client per user."""

import pytest
from django.test import Client

from tests.factories import make_category, make_merchant, make_product
from tijara.accounts.models import User
from tijara.merchants.models import MerchantMembership, Role

VALID_RIB = "011519000001205000534921"  # the IBAN registry's Moroccan example (MA64 + this BBAN)


def make_member(merchant, role: str = Role.OWNER, email: str | None = None) -> User:
    email = email or f"{role}-{merchant.slug}@example.ma"
    user = User.objects.create_user(email, "a long enough pass 42", full_name=role.title())
    MerchantMembership.objects.create(merchant=merchant, user=user, role=role)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def category(db):
    return make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")


@pytest.fixture
def store_a(db):
    return make_merchant(name="Argania A", slug="argania-a")


@pytest.fixture
def store_b(db):
    return make_merchant(name="Bazar B", slug="bazar-b")


@pytest.fixture
def owner_a(store_a):
    return make_member(store_a, Role.OWNER)


@pytest.fixture
def owner_b(store_b):
    return make_member(store_b, Role.OWNER)


@pytest.fixture
def client_a(owner_a) -> Client:
    return client_for(owner_a)


@pytest.fixture
def reviewer(db):
    return User.objects.create_user("reviewer@tijara.ma", "a long enough pass 42", is_staff=True)


@pytest.fixture
def product_a(store_a, category):
    return make_product(store_a, category=category, slug="huile-a")


@pytest.fixture
def product_b(store_b, category):
    return make_product(store_b, category=category, slug="huile-b")


def make_order(merchant, *, number: str, email: str = "client@example.ma", total: str = "240.00",
               payment_method: str = "cod", product=None, quantity: int = 2):
    """An order row as checkout writes it (built directly: these tests are about the back-office)."""
    import datetime as dt
    from decimal import Decimal

    from tijara.orders.models import Order, OrderLine

    order = Order.objects.create(
        merchant=merchant, sequence=Order.objects.filter(merchant=merchant).count() + 1, number=number,
        full_name="Samira Client", email=email, phone="+212611111111", address_line="3 Rue Fès",
        city=merchant.city, region=merchant.region, shipping_name="Amana", shipping_kind="home",
        shipping_fee=Decimal("30.00"), delivery_days_min=1, delivery_days_max=3,
        deliver_by=dt.date.today() + dt.timedelta(days=3), payment_method=payment_method,
        subtotal=Decimal(total) - 30, total=Decimal(total), merchant_legal_name=merchant.legal_name,
        merchant_ice=merchant.ice, merchant_address=merchant.address, recap_fingerprint="x" * 64,
    )
    if product is not None:
        variant = product.variants.first()
        OrderLine.objects.create(
            merchant=merchant, order=order, variant=variant, product_name=product.name_fr, sku=variant.sku,
            quantity=quantity, unit_price=variant.price, line_total=variant.price * quantity,
            vat_rate=Decimal("20.00"), vat_amount=Decimal("0.00"),
        )
    return order
