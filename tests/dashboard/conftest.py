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
