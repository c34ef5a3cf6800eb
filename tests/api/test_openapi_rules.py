# ruff: noqa: F811  (fixtures imported from other conftest files are then requested by name)
"""Rules the code enforces are in the OpenAPI document, and schema-valid requests refused by a rule the schema cannot
express get a documented answer [SEC-API-OPENAPI]: 409 when the state refuses them, 422 for the rest, and 400 only
when the schema itself refuses the body. One test per gap schemathesis found."""

import datetime as dt
import io
import json
import re

import pytest
import time_machine
from django.test import Client

from tests.aftersale.conftest import CASA, delivered_order, store  # noqa: F401  (fixtures)
from tests.fulfilment.conftest import (  # noqa: F401  (fixtures)
    carrier_a,
    category,
    client_for,
    cod_order,
    make_member,
    owner_a,
    product_a,
    store_a,
)
from tijara.aftersale.models import RefundDue
from tijara.core.phone import normalize_phone
from tijara.merchants.models import Role
from tijara.shipping.models import City

pytestmark = pytest.mark.django_db

API = "/api/v1/merchant"


def post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture(scope="module")
def document():
    return Client().get("/api/v1/openapi.json").json()


def operation(document, method, path):
    return document["paths"][f"/api/v1{path}"][method]


def test_a_call_no_longer_waiting_is_a_409_conflict(owner_a, product_a, document):
    client = client_for(owner_a)
    cod_order(owner_a.memberships.first().merchant, product_a, "ARG-000001")
    assert post(client, f"{API}/calls/ARG-000001/outcome", {"outcome": "confirmed"}).status_code == 200
    for url in (f"{API}/calls/ARG-000001/claim", f"{API}/calls/ARG-000001/outcome"):
        answer = post(client, url, {"outcome": "no_answer"})
        assert answer.status_code == 409 and "ARG-000001" in answer.json()["message"]
    assert "409" in operation(document, "post", "/merchant/calls/{number}/claim")["responses"]


def test_the_note_and_call_back_rules_are_in_the_schema_and_refused_as_schema_errors(owner_a, product_a, document):
    rules = document["components"]["schemas"]["CallOutcomeIn"]["allOf"]
    assert {"if": {"required": ["outcome"], "properties": {"outcome": {"enum": ["refused", "duplicate"]}}},
            "then": {"required": ["note"], "properties": {"note": {"pattern": r"\S"}}}} in rules
    client = client_for(owner_a)
    cod_order(owner_a.memberships.first().merchant, product_a, "ARG-000001")
    url = f"{API}/calls/ARG-000001/outcome"
    blank = post(client, url, {"outcome": "duplicate", "note": "   "})
    assert blank.status_code == 400 and "note" in blank.json()["message"]
    assert post(client, url, {"outcome": "call_back"}).status_code == 400
    # a time in the past is schema-valid, but no schema can say "after now": 422, documented
    past = post(client, url, {"outcome": "call_back", "call_back_at": "2000-01-01T00:00:00Z"})
    assert past.status_code == 422 and past.json()["field"] == "call_back_at"
    assert "422" in operation(document, "post", "/merchant/calls/{number}/outcome")["responses"]


def test_a_carrier_needs_a_reference_code_or_a_latin_name_and_a_second_one_is_a_409(owner_a, document):
    schema = document["components"]["schemas"]["CarrierIn"]
    assert "sendit" in schema["properties"]["reference_code"]["enum"] and len(schema["anyOf"]) == 2
    client = client_for(owner_a)
    for body in ({}, {"name": "   "}, {"name": "بريد"}, {"reference_code": "no-such-carrier"}):
        assert post(client, f"{API}/carriers", body).status_code == 400, body
    assert post(client, f"{API}/carriers", {"name": "Coursier Fès 2"}).status_code == 201
    again = post(client, f"{API}/carriers", {"name": "coursier fes 2"})
    assert again.status_code == 409 and again.json()["field"] == "name"
    assert "409" in operation(document, "post", "/merchant/carriers")["responses"]


@pytest.mark.parametrize("path", ["/merchant/shipments/status-file", "/merchant/remittances"])
def test_a_file_not_named_csv_or_xlsx_is_a_documented_422(owner_a, carrier_a, document, path):
    upload = io.BytesIO(b"\x89PNG\r\n\x1a\n")
    upload.name = "statuses.png"
    answer = client_for(owner_a).post(f"/api/v1{path}", {"carrier": carrier_a.code, "file": upload})
    assert answer.status_code == 422 and answer.json()["field"] == "file"
    documented = operation(document, "post", path)
    assert "422" in documented["responses"]
    assert documented["requestBody"]["content"]["multipart/form-data"]["encoding"]["file"]["contentType"]
    unnamed = client_for(owner_a).post(f"/api/v1{path}", {"carrier": carrier_a.code, "file": "a,b"})  # no filename
    assert unnamed.status_code == 422 and unnamed.json()["field"] == "file"


def test_a_refund_without_the_reference_its_method_requires_is_a_409(delivered_order, document):
    with time_machine.travel(dt.datetime(2026, 5, 7, 10, 0, tzinfo=CASA), tick=False):
        post(Client(), f"/api/v1/orders/{delivered_order.number}/withdrawals", {"email": "salma@example.ma",
                                                                                 "lines": []})
    due = RefundDue.objects.get()
    owner = client_for(make_member(delivered_order.merchant, Role.OWNER))
    answer = post(owner, f"{API}/aftersale/refunds-due/{due.pk}/refund", {"reference": ""})
    assert answer.status_code == 409 and answer.json()["field"] == "reference"
    assert RefundDue.objects.get().status == due.status


@pytest.mark.parametrize("phone", ["0612345678", "06 12 34 56 78", "+212 (0)6 61 23 45 67", "00212512345678",
                                   "٠٦١٢٣٤٥٦٧٨", "0812345678", "0612", "+212 8 12 34 56 78", "06123456789"])
def test_the_phone_pattern_in_the_document_accepts_what_checkout_accepts(document, phone):
    pattern = document["components"]["schemas"]["CustomerIn"]["properties"]["phone"]["pattern"]
    try:
        accepted = bool(normalize_phone(phone))
    except Exception:
        accepted = False
    assert bool(re.search(pattern, phone)) == accepted


def test_checkout_details_the_schema_cannot_judge_are_a_documented_422(client, shop, document):
    token = post(client, "/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].variants.first().pk, "quantity": 1})
    casa = City.objects.get(name_fr="Casablanca")
    for address, field in (({"city_id": 2**31 - 1, "region_code": 6}, "city"),
                           ({"city_id": casa.pk, "region_code": 1}, "region")):
        body = {"customer": {"full_name": "Salma Bennani", "phone": "0612345678", "email": "salma@example.ma"},
                "address": {"line": "12 Rue Ibn Batouta", **address}, "payment_method": "cod"}
        answer = post(client, f"/api/v1/carts/{token}/checkout", body)
        assert answer.status_code == 422 and answer.json()["field"] == field
    schema = document["components"]["schemas"]
    assert schema["CustomerIn"]["properties"]["email"]["format"] == "email"
    assert schema["AddressIn"]["properties"]["region_code"]["maximum"] == 12
    assert "422" in operation(document, "post", "/carts/{token}/checkout")["responses"]


@pytest.mark.parametrize("path", ["/merchant/shipments/status-file", "/merchant/remittances"])
def test_a_multipart_body_without_boundary_is_a_json_400(owner_a, path):
    """Found by schemathesis once the uploads were reached: Django's HTML 400 page instead of the JSON error."""
    client = client_for(owner_a)
    client.raise_request_exception = False
    answer = client.generic("POST", f"/api/v1{path}", b"carrier=x", content_type="multipart/form-data")
    assert answer.status_code == 400 and answer.json()["message"]


def test_confirming_a_cart_without_its_delivery_details_is_a_409(client, shop, document):
    """Found by the anonymous stateful run: the cart's state, not the body, is at fault."""
    token = post(client, "/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].variants.first().pk, "quantity": 1})
    answer = client.post(f"/api/v1/carts/{token}/confirm", data=json.dumps({"fingerprint": "x"}),
                         content_type="application/json", HTTP_IDEMPOTENCY_KEY="confirm-0001")
    assert answer.status_code == 409 and answer.json()["field"] == "details"
    assert "409" in operation(document, "post", "/carts/{token}/confirm")["responses"]
