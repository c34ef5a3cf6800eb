# ruff: noqa: F811  (fixtures imported from tests/dashboard/conftest.py are then requested by name)
"""Merchant API tokens: Bearer auth besides the session, scopes, revocation, hashing, last use and the per-token
rate limit [SEC-API-TOKENS] [SEC-API-RATE]."""

import hashlib
import json

import pytest
from django.test import Client

from tests.dashboard.conftest import (  # noqa: F401  (fixtures)
    category,
    make_member,
    make_order,
    owner_a,
    owner_b,
    product_a,
    product_b,
    store_a,
    store_b,
)
from tijara.merchants.models import ApiToken, MerchantMembership, Role
from tijara.merchants.tokens import token_create, token_revoke
from tijara.orders.models import Order

pytestmark = pytest.mark.django_db

ALL = ["catalog:read", "catalog:write", "orders:read", "orders:write", "payments"]


def new_token(user, scopes=ALL, name="ERP") -> tuple[ApiToken, str]:
    return token_create(membership=MerchantMembership.objects.get(user=user), name=name, scopes=scopes)


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_reads_its_own_store_and_nothing_else(owner_a, product_a, product_b):
    _token, secret = new_token(owner_a, ["catalog:read"])
    api = Client()
    listed = api.get("/api/v1/merchant/products", **bearer(secret))
    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()["items"]] == [product_a.pk]
    assert api.get(f"/api/v1/merchant/products/{product_b.pk}", **bearer(secret)).status_code == 404


def test_only_the_hash_is_stored_and_the_secret_is_not_recoverable(owner_a):
    token, secret = new_token(owner_a)
    row = ApiToken.objects.get(pk=token.pk)
    assert row.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps([row.name, row.prefix, row.key_hash, row.scopes])
    assert secret.startswith(row.prefix) and len(row.prefix) < len(secret) // 3


def test_a_token_without_the_scope_is_refused_and_changes_nothing(owner_a, product_a, store_a):
    _token, secret = new_token(owner_a, ["catalog:read", "orders:read"])
    order = make_order(store_a, number="ARG-000001", product=product_a)
    api = Client()
    body = {"name_fr": "Changé", "category": "beaute", "variants": [{"sku": "X-1", "price": "10.00", "stock": 1}]}
    changed = api.put(f"/api/v1/merchant/products/{product_a.pk}", json.dumps(body), content_type="application/json",
                      **bearer(secret))
    assert changed.status_code == 403 and "catalog:write" in changed.json()["message"]
    moved = api.post(f"/api/v1/merchant/orders/{order.number}/cancel", json.dumps({"reason": "x"}),
                     content_type="application/json", **bearer(secret))
    assert moved.status_code == 403 and "orders:write" in moved.json()["message"]
    product_a.refresh_from_db()
    assert product_a.name_fr != "Changé"
    assert Order.objects.get(pk=order.pk).status == order.status
    assert api.get(f"/api/v1/merchant/orders/{order.number}", **bearer(secret)).status_code == 200


def test_a_token_writes_without_csrf_and_acts_for_its_creator(owner_a, product_a, store_a):
    _token, secret = new_token(owner_a, ["orders:write"])
    order = make_order(store_a, number="ARG-000001", product=product_a)
    api = Client(enforce_csrf_checks=True)
    response = api.post(f"/api/v1/merchant/orders/{order.number}/confirm", content_type="application/json",
                        **bearer(secret))
    assert response.status_code == 200, response.content
    assert Order.objects.get(pk=order.pk).status == "confirmed"
    assert order.status_changes.get(to_status="confirmed").actor_id == owner_a.pk


def test_a_session_still_needs_csrf_on_writes(owner_a, product_a, store_a):
    order = make_order(store_a, number="ARG-000001", product=product_a)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner_a)
    response = browser.post(f"/api/v1/merchant/orders/{order.number}/confirm", content_type="application/json")
    assert response.status_code == 403
    assert Order.objects.get(pk=order.pk).status == order.status


def test_revoked_unknown_and_malformed_tokens_answer_401_json(owner_a, product_a):
    token, secret = new_token(owner_a)
    api = Client()
    assert api.get("/api/v1/merchant/products", **bearer(secret)).status_code == 200
    token_revoke(membership=MerchantMembership.objects.get(user=owner_a), token_id=token.pk)
    for header in (secret, "tjr_" + "x" * 40, "not-a-token", secret + "x", "x" * 5000):
        response = api.get("/api/v1/merchant/products", **bearer(header))
        assert response.status_code == 401, header[:20]
        assert response.json()["message"]


def test_a_token_dies_with_its_creators_seat_and_is_bounded_by_the_current_role(owner_a, store_a, product_a):
    manager = make_member(store_a, Role.MANAGER, email="manager@example.ma")
    _token, secret = new_token(manager, ALL)
    order = make_order(store_a, number="ARG-000001", product=product_a, payment_method="transfer")
    api = Client()
    MerchantMembership.objects.filter(user=manager).update(role=Role.STAFF)
    refused = api.post(f"/api/v1/merchant/orders/{order.number}/transfer-received",
                       json.dumps({"reference": "VIR-1"}), content_type="application/json", **bearer(secret))
    assert refused.status_code == 403  # staff may not record money received, whatever the token's scopes
    MerchantMembership.objects.filter(user=manager).delete()
    assert api.get("/api/v1/merchant/products", **bearer(secret)).status_code == 401


def test_last_use_is_recorded(owner_a):
    token, secret = new_token(owner_a)
    assert token.last_used_at is None
    Client().get("/api/v1/merchant/products", **bearer(secret))
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_each_token_has_its_own_rate_limit_with_retry_after(owner_a, settings):
    settings.TIJARA_API_TOKEN_RATE_LIMIT = 3
    settings.TIJARA_API_TOKEN_RATE_WINDOW = 60
    _first, secret = new_token(owner_a, name="one")
    _second, other = new_token(owner_a, name="two")
    api = Client()
    codes = [api.get("/api/v1/merchant/products", **bearer(secret)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api.get("/api/v1/merchant/products", **bearer(secret))
    assert limited.status_code == 429 and limited.json()["message"]
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert api.get("/api/v1/merchant/products", **bearer(other)).status_code == 200


def test_staff_cannot_create_tokens_and_nobody_revokes_another_stores(owner_a, owner_b, store_a):
    from tijara.core.errors import NotFound
    from tijara.merchants.tokens import TokenRefused

    staff = make_member(store_a, Role.STAFF, email="staff@example.ma")
    with pytest.raises(TokenRefused):
        new_token(staff)
    token_b, secret_b = new_token(owner_b)
    with pytest.raises(NotFound):
        token_revoke(membership=MerchantMembership.objects.get(user=owner_a), token_id=token_b.pk)
    assert ApiToken.objects.get(pk=token_b.pk).revoked_at is None


def test_creating_and_revoking_a_token_are_in_the_audit_trail(owner_a, store_a):
    from tijara.audit.models import AuditRecord

    token, secret = new_token(owner_a, ["orders:read"])
    token_revoke(membership=MerchantMembership.objects.get(user=owner_a), token_id=token.pk)
    token_revoke(membership=MerchantMembership.objects.get(user=owner_a), token_id=token.pk)  # twice: one record
    records = list(AuditRecord.objects.filter(target=f"api_token:{token.pk}").order_by("sequence"))
    assert [r.event for r in records] == ["token_created", "token_revoked"]
    assert all(r.actor_id == owner_a.pk and r.merchant_id == store_a.pk for r in records)
    assert all(secret not in r.data_json for r in records)
