# ruff: noqa: F811  (fixtures imported from tests/dashboard/conftest.py are then requested by name)
"""The store's API token pages: the secret is shown once, the list shows prefix, scopes and last use, a
revoked token stops working, staff cannot manage tokens [SEC-API-TOKENS]."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.dashboard.conftest import (  # noqa: F401  (fixtures)
    category,
    client_a,
    client_for,
    make_member,
    owner_a,
    product_a,
    store_a,
)
from tijara.merchants.models import ApiToken, Role

pytestmark = pytest.mark.django_db

URL = "/fr/dashboard/api-tokens/"


def test_create_shows_the_secret_once_then_only_its_prefix(client_a, store_a, product_a):
    created = client_a.post(URL, {"name": "ERP <b>", "scopes": ["catalog:read", "orders:read"]})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    secret = re.search(r"tjr_[A-Za-z0-9_-]{30,}", created.content.decode()).group(0)
    token = ApiToken.objects.get(merchant=store_a)
    assert token.scopes == ["catalog:read", "orders:read"] and token.name == "ERP <b>"
    assert b"ERP &lt;b&gt;" in created.content

    listed = client_a.get(URL)
    assert secret not in listed.content.decode() and token.prefix in listed.content.decode()
    assert Client().get("/api/v1/merchant/products", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_a_token_needs_a_name_and_a_scope(client_a, store_a):
    response = client_a.post(URL, {"name": "", "scopes": []})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(merchant=store_a).exists()
    assert client_a.post(URL, {"name": "x", "scopes": ["admin"]}).status_code == 400


def test_revoke_stops_the_token_at_once(client_a, store_a):
    client_a.post(URL, {"name": "sync", "scopes": ["catalog:read"]})
    token = ApiToken.objects.get(merchant=store_a)
    page = client_a.get(URL).content.decode()
    secret_prefix = token.prefix
    assert secret_prefix in page
    response = client_a.post(reverse("dashboard:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_staff_cannot_see_or_create_tokens(store_a):
    staff = client_for(make_member(store_a, Role.STAFF, email="staff@example.ma"))
    assert staff.get(URL).status_code == 403
    assert staff.post(URL, {"name": "x", "scopes": ["payments"]}).status_code == 403
    assert not ApiToken.objects.filter(merchant=store_a).exists()
