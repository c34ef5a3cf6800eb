# ruff: noqa: F811  (fixtures imported from tests/dashboard/conftest.py are then requested by name)
"""Tenant isolation: signed in as merchant A, every dashboard URL and merchant API endpoint that takes an id
answers 404 for merchant B's ids — never 200, never 500 — and B's data is unchanged [DP-SECURITY].

The routes are enumerated from the URL conf (get_resolver) and the OpenAPI document, so a new route is
covered automatically; a new kind of URL parameter makes the test fail until it is given a B value here.
"""

import json
import uuid

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
from tijara.aftersale.models import RefundDue, Withdrawal
from tijara.catalog.models import Product, ProductImage
from tijara.fulfilment.models import Carrier
from tijara.invoicing.services import invoices_issue
from tijara.ledger.models import Payout
from tijara.merchants.models import ApiToken, MerchantMembership, Role, TeamInvitation, TokenScope
from tijara.merchants.tokens import token_create
from tijara.orders.models import Order
from tijara.payments.models import Payment, Refund
from tijara.remittances.models import RemittanceImport
from tijara.shipping.models import ShippingMethod, ShippingZoneFee

pytestmark = pytest.mark.django_db

# Routes whose parameter is not a merchant-owned id.
# platform staff only (reviewers, finance): a merchant user gets 403
STAFF_ONLY = {"review_detail", "payout_merchant", "payout_statement", "payout_mark_paid", "incident_detail",
              "privacy_request", "privacy_request_answer"}
TOKEN_LINKS = {"verify_email", "accept_invitation"}  # signed tokens: anyone else's answers 400
NOT_AN_ID = {"export": {"fmt": "csv"}}


def dashboard_patterns() -> list[URLPattern]:
    """Every route of the `dashboard` namespace, found by walking the root URL conf."""
    found: list[URLPattern] = []

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace == "dashboard":
                found.append(entry)

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def world(store_a, store_b, owner_a, owner_b, product_a, product_b, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    image = ProductImage.objects.create(merchant=store_b, product=product_b, image="products/b.jpg")
    order = make_order(store_b, number="BAZ-000001", email="only-b@example.ma", product=product_b)
    token = uuid.uuid4().hex
    (tmp_path / "imports" / str(store_b.pk)).mkdir(parents=True)
    (tmp_path / "imports" / str(store_b.pk) / f"{token}.csv").write_text("slug,category,name_fr,sku,price,stock\n")
    staff_b = make_member(store_b, Role.STAFF, email="staff-b@example.ma")
    invitation = TeamInvitation.objects.create(merchant=store_b, email="someone@example.ma", role="staff",
                                               invited_by=owner_b)
    from tijara.merchants.services import invitation_token

    method = ShippingMethod.objects.create(merchant=store_b, kind="home", name_fr="Livraison B", base_fee="45.00")
    ShippingZoneFee.objects.create(merchant=store_b, method=method, region=store_b.region, fee="30.00")
    payout = Payout.objects.create(merchant=store_b, period_start="2026-01-01", period_end="2026-01-31",
                                   amount="100.00", reference="TJ-B-202601", created_by=owner_b)
    # B's order is paid (captured cash), so a refund or transfer receipt reaching it would change something.
    Payment.objects.create(merchant=store_b, order=order, provider="cod", status="captured", amount=order.total,
                           captured_amount=order.total)
    with transaction.atomic():  # B's invoice, as its checkout would have issued it
        invoice = invoices_issue(orders=[Order.objects.select_related("merchant__city").get(pk=order.pk)])[0]
    api_token_b, _secret = token_create(membership=MerchantMembership.objects.get(user=owner_b), name="B's ERP",
                                        scopes=list(TokenScope.values))
    carrier_b = Carrier.objects.create(merchant=store_b, name="Amana B", code="amana-b")
    remittance_b = RemittanceImport.objects.create(merchant=store_b, carrier=carrier_b, file_name="b.csv",
                                                   status="preview", rows_total=1)
    withdrawal_b = Withdrawal.objects.create(merchant=store_b, order=order)  # B's buyer withdrew, refund due
    due_b = RefundDue.objects.create(merchant=store_b, order=order, reason="withdrawal", withdrawal=withdrawal_b,
                                     amount="10.00", started_on="2026-01-01", due_on="2026-01-16")

    return {
        "product_id": product_b.pk, "image_id": image.pk, "number": order.number, "email": order.email,
        "membership_id": MerchantMembership.objects.get(user=staff_b).pk, "merchant_id": store_b.pk,
        "token": token, "invitation_token": invitation_token(invitation=invitation), "method_id": method.pk,
        "payout_id": payout.pk, "incident_id": 1, "request_id": 1, "document": invoice.number, "api_token_id": api_token_b.pk,
        "import_id": remittance_b.pk, "carrier_id": carrier_b.pk,
        "withdrawal_id": withdrawal_b.pk, "due_id": due_b.pk, "line_id": order.lines.first().pk,
    }


def _kwargs(pattern: URLPattern, world: dict) -> dict:
    names = list(pattern.pattern.converters)
    if pattern.name in NOT_AN_ID:
        return NOT_AN_ID[pattern.name]
    if pattern.name == "accept_invitation":
        return {"token": world["invitation_token"]}
    missing = [n for n in names if n not in world]
    assert not missing, f"route {pattern.name} takes {missing}: give the test a value owned by merchant B"
    return {n: world[n] for n in names}


def snapshot_b(store_b) -> list:
    return list(Product.objects.filter(merchant=store_b).values_list("pk", "name_fr", "is_published", "price")) + [
        list(MerchantMembership.objects.filter(merchant=store_b).values_list("pk", "role")),
        list(ProductImage.objects.filter(merchant=store_b).values_list("pk")),
        list(store_b.orders.values_list("number", "status")),
        list(ShippingMethod.objects.filter(merchant=store_b).values_list("pk", "base_fee", "name_fr")),
        list(ShippingZoneFee.objects.filter(merchant=store_b).values_list("pk", "fee")),
        list(Payout.objects.filter(merchant=store_b).values_list("pk", "status", "bank_reference")),
        list(Payment.objects.filter(merchant=store_b).values_list("pk", "status", "refunded_amount", "reference")),
        list(Refund.objects.filter(merchant=store_b).values_list("pk")),
        list(ApiToken.objects.filter(merchant=store_b).values_list("pk", "revoked_at")),
        list(RemittanceImport.objects.filter(merchant=store_b).values_list("pk", "status")),
        list(RefundDue.objects.filter(merchant=store_b).values_list("pk", "status", "refunded_amount")),
        list(Withdrawal.objects.filter(merchant=store_b).values_list("pk", "checked_in_at")),
    ]


def test_every_dashboard_url_with_an_id_of_merchant_b_answers_404_to_merchant_a(world, client_a, store_b, product_b):
    before = snapshot_b(store_b)
    checked = 0
    for pattern in dashboard_patterns():
        if not pattern.pattern.converters:
            continue
        url = reverse(f"dashboard:{pattern.name}", kwargs=_kwargs(pattern, world))
        for method in ("get", "post"):
            response = getattr(client_a, method)(url, {"published": "0", "to_status": "cancelled", "reason": "x",
                                                       "role": "owner", "action": "suspend", "amount": "1.00",
                                                       "reference": "R-1"})
            code = response.status_code
            assert code != 500 and code != 200 or pattern.name in NOT_AN_ID, (pattern.name, method, code)
            if pattern.name in STAFF_ONLY:
                assert code == 403, (pattern.name, method, code)
            elif pattern.name in TOKEN_LINKS:
                assert code in (302, 400), (pattern.name, method, code)
            elif pattern.name in NOT_AN_ID:
                assert code == 200 and product_b.slug.encode() not in response.content
            else:
                assert code in ((404, 405) if method == "get" else (404,)), (pattern.name, method, code)
            checked += 1
    assert checked >= 20
    assert snapshot_b(store_b) == before


def test_dashboard_routes_are_enumerated_from_the_url_conf():
    names = {p.name for p in dashboard_patterns()}
    assert {"product_edit", "order_detail", "customer_detail", "team_member_role", "import_apply",
            "shipping_method_edit", "shipping_method_delete"} <= names


PRODUCT_BODY = {"name_fr": "Pirate", "category": "beaute", "variants": [{"sku": "PIRATE-1", "price": "10.00", "stock": 1}],
                "amount": "1.00", "reference": "R-1",  # a refund or a transfer receipt, for the payment endpoints
                "outcome": "refused", "note": "refused at the door",  # a call's or a parcel's outcome (COD)
                "reason": "out of stock"}  # an unavailable line's cancellation (after-sale)


def merchant_operations(spec: dict) -> list[tuple[str, str]]:
    """(method, path) of every merchant API operation in the OpenAPI document."""
    return [(method, path) for path, operations in spec["paths"].items() if path.startswith("/api/v1/merchant/")
            for method in operations]


@pytest.mark.parametrize("caller", ["session", "token"])
def test_every_merchant_api_endpoint_with_an_id_of_merchant_b_answers_404(world, client_a, owner_a, store_b, caller):
    """Signed in as A, or with A's API token holding every scope [SEC-API-TOKENS]: B's ids are not found."""
    before = snapshot_b(store_b)
    headers = {}
    if caller == "token":
        client_a = Client(enforce_csrf_checks=True)
        _token, secret = token_create(membership=MerchantMembership.objects.get(user=owner_a), name="A's ERP",
                                      scopes=list(TokenScope.values))
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    spec = Client().get("/api/v1/openapi.json").json()
    checked = 0
    for method, path in merchant_operations(spec):
        if "{" not in path:
            continue
        url = path
        for name in [part[1:-1] for part in path.split("/") if part.startswith("{")]:
            assert name in world, f"{path} takes {name}: give the test a value owned by merchant B"
            url = url.replace("{" + name + "}", str(world[name]))
        if method == "get":
            response = client_a.get(url, **headers)
        else:
            response = getattr(client_a, method)(url, data=json.dumps(PRODUCT_BODY), content_type="application/json",
                                                 **headers)
        assert response.status_code == 404, (caller, method, path, response.status_code, response.content[:200])
        assert response.json()["message"]
        checked += 1
    assert checked >= 8  # products: get, put; orders: get and the five status moves
    assert snapshot_b(store_b) == before


def test_a_token_lacking_the_scope_is_refused_on_every_merchant_operation(owner_a, store_a, product_a):
    """Five tokens of A, one scope each: every merchant operation accepts at most one of them; the others get
    403 and change nothing, on A's own products, orders and payments [SEC-API-TOKENS]."""
    order = make_order(store_a, number="ARG-000001", product=product_a)
    Payment.objects.create(merchant=store_a, order=order, provider="cod", status="captured", amount=order.total,
                           captured_amount=order.total)
    own = {"product_id": product_a.pk, "number": order.number}
    membership = MerchantMembership.objects.get(user=owner_a)
    secrets = {scope: token_create(membership=membership, name=scope, scopes=[scope])[1] for scope in TokenScope.values}
    spec = Client().get("/api/v1/openapi.json").json()
    api = Client(enforce_csrf_checks=True)
    operations = merchant_operations(spec)
    assert len(operations) >= 12
    refused = 0
    for method, path in operations:
        url = path
        for name in [part[1:-1] for part in path.split("/") if part.startswith("{")]:
            url = url.replace("{" + name + "}", str(own.get(name, 1)))
        allowed = []
        for scope, secret in secrets.items():
            before = snapshot_b(store_a) if method != "get" else None
            auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
            if method == "get":
                response = api.get(url, **auth)
            else:
                response = getattr(api, method)(url, data=json.dumps(PRODUCT_BODY), content_type="application/json",
                                                **auth)
            if response.status_code == 403:
                assert "scope" in response.json()["message"], (method, path, scope)
                assert method == "get" or snapshot_b(store_a) == before, (method, path, scope)
                refused += 1
            elif response.status_code != 400:  # 400: the body failed its schema, checked before the scope
                allowed.append(scope)
        assert len(allowed) <= 1, (method, path, allowed)
    assert refused >= 4 * 12


def test_merchant_api_refuses_anonymous_and_customers(product_a):
    from tijara.accounts.models import User

    assert Client().get("/api/v1/merchant/products").status_code == 401
    customer = client_for(User.objects.create_user("customer@example.ma", "a long enough pass 42"))
    assert customer.get(f"/api/v1/merchant/products/{product_a.pk}").status_code == 403
