# ruff: noqa: F811  (fixtures imported from tests/storefront/card_helpers.py and tests/gateway.py are requested by name)
"""Card payment through the JSON API and the gateway's server-to-server callback endpoint.

The callback endpoint answers exactly the protocol's text (text/plain) and never an error page: a valid signed
callback captures the basket ("ACTION=POSTAUTH"), anything it cannot trust answers "FAILURE" and changes
nothing [PAY-CARD-CALLBACK] [PAY-CARD-HASH]."""

import json
import logging

import pytest
from django.test import Client

from tests.checkout.helpers import new_key
from tests.checkout.test_api import checkout_body
from tests.storefront.card_helpers import (  # noqa: F401  (card_shop is a fixture)
    card_checkout,
    card_shop,
    gateway_callback,
    post_callback,
    start_attempt,
)
from tijara.payments import services as payment_services
from tijara.payments.models import GatewayCallback, Payment

pytestmark = pytest.mark.django_db


def post(client, url, body=None, **headers):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **headers)


def statuses() -> set[str]:
    return set(Payment.objects.values_list("status", flat=True))


# --- The callback endpoint ----------------------------------------------------------------------

def test_valid_signed_callback_captures_both_orders_and_answers_postauth(card_shop):
    orders = card_checkout(card_shop)
    form = start_attempt(orders[0].checkout_group)
    response = post_callback(Client(enforce_csrf_checks=True), gateway_callback(form.fields, country="FR"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ACTION=POSTAUTH"
    assert statuses() == {"captured"}
    assert {p.order.number: p.captured_amount for p in Payment.objects.select_related("order")} == {
        o.number: o.total for o in orders}  # each order captured with its own share
    assert set(Payment.objects.values_list("card_origin", flat=True)) == {"foreign"}
    assert payment_services.checkout_payment_state(checkout_group=orders[0].checkout_group) == "paid"


def test_fields_are_html_decoded_and_trailing_newline_stripped_before_the_hash_check(card_shop):
    orders = card_checkout(card_shop)
    form = start_attempt(orders[0].checkout_group)
    fields = gateway_callback(form.fields, BillToName="Salma & Fils", ErrMsg="")
    sent = {**fields, "BillToName": "Salma &amp; Fils", "HASH": fields["HASH"] + "\n"}
    assert post_callback(Client(), sent).content == b"ACTION=POSTAUTH"


def test_a_copy_of_the_callback_answers_approved_and_captures_nothing_more(card_shop):
    orders = card_checkout(card_shop)
    fields = gateway_callback(start_attempt(orders[0].checkout_group).fields)
    assert post_callback(Client(), fields).content == b"ACTION=POSTAUTH"
    assert post_callback(Client(), fields).content == b"APPROVED"
    assert sum(p.captured_amount for p in Payment.objects.all()) == sum(o.total for o in orders)


@pytest.mark.parametrize("tamper", ["hash", "amount", "oid", "key"])
def test_untrusted_callbacks_answer_failure_and_change_nothing(card_shop, tamper):
    orders = card_checkout(card_shop)
    form = start_attempt(orders[0].checkout_group)
    if tamper == "hash":
        fields = {**gateway_callback(form.fields), "HASH": "bm90IHRoZSBoYXNo"}
    elif tamper == "amount":
        fields = {**gateway_callback(form.fields), "amount": "1.00"}
    elif tamper == "oid":
        fields = gateway_callback(form.fields, oid="ARG-000001-9-unknown")
    else:
        fields = gateway_callback(form.fields, store_key="someone else's key")
    response = post_callback(Client(), fields)
    assert response.status_code == 200 and response.content == b"FAILURE"
    assert statuses() == {"pending"}
    assert GatewayCallback.objects.get().reply == "FAILURE"  # logged with its reason


@pytest.mark.parametrize("body,content_type", [
    (b"", "application/x-www-form-urlencoded"),
    (b"%%%&&&=", "application/x-www-form-urlencoded"),
    (b'{"oid": "x"}', "application/json"),
    (b"--x\r\nbroken multipart", "multipart/form-data; boundary=x"),
    ("oid=" + "\u00e9" * 5000, "application/x-www-form-urlencoded; charset=utf-8"),
])
def test_garbage_is_answered_failure_never_a_500(body, content_type, db):
    response = Client().generic("POST", "/payments/cmi/callback/", body, content_type=content_type)
    assert response.status_code == 200 and response.content == b"FAILURE"


def test_the_endpoint_answers_failure_and_logs_if_handling_breaks(monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(payment_services, "card_callback_handle", broken)
    with caplog.at_level(logging.ERROR, logger="tijara.payments.callback"):
        response = Client().post("/payments/cmi/callback/", {"oid": "x"})
    assert response.status_code == 200 and response.content == b"FAILURE"
    assert "FAILURE" in caplog.text


def test_get_is_refused_and_no_slash_is_accepted(card_shop):
    assert Client().get("/payments/cmi/callback/").status_code == 405
    orders = card_checkout(card_shop)
    fields = gateway_callback(start_attempt(orders[0].checkout_group).fields)
    assert Client().post("/payments/cmi/callback", fields).content == b"ACTION=POSTAUTH"


# --- Checkout API -------------------------------------------------------------------------------

def api_card_checkout(client, card_shop, method: str = "card") -> dict:
    token = post(client, "/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": card_shop["oil"].pk, "quantity": 2})
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": card_shop["tile"].pk, "quantity": 3})
    recap = post(client, f"/api/v1/carts/{token}/checkout", checkout_body(card_shop, payment_method=method))
    assert recap.status_code == 200 and recap.json()["payment_method"] == method
    confirmed = post(client, f"/api/v1/carts/{token}/confirm", HTTP_IDEMPOTENCY_KEY=new_key())
    assert confirmed.status_code == 201
    return confirmed.json()


def test_confirming_by_card_returns_the_signed_form_with_absolute_urls(client, card_shop, settings):
    body = api_card_checkout(client, card_shop)
    payment = body["payment"]
    assert payment["state"] == "pending" and payment["action_url"] == settings.TIJARA_CMI_GATEWAY_URL
    fields = payment["fields"]
    assert fields["amount"] == "545.00" and fields["currency"] == "504" and fields["HASH"]
    assert fields["okUrl"].startswith("http://testserver/") and "/checkout/pay/" in fields["okUrl"]
    assert fields["failUrl"].startswith("http://testserver/") and "?k=" in fields["failUrl"]
    assert fields["CallbackURL"] == "http://testserver/payments/cmi/callback/"
    assert {o["payment_method"] for o in body["orders"]} == {"card"}


def test_cash_on_delivery_confirmation_has_no_payment_form(client, card_shop):
    assert api_card_checkout(client, card_shop, method="cod")["payment"] is None


def test_payment_state_is_polled_with_the_buyers_email(client, card_shop):
    body = api_card_checkout(client, card_shop)
    group = Payment.objects.select_related("order").first().order.checkout_group
    path = f"/api/v1/checkout-groups/{group}/payment"
    assert client.get(path, {"email": "someone@else.ma"}).status_code == 404
    assert client.get(path, {"email": "salma@example.ma"}).json()["state"] == "pending"
    assert post_callback(Client(), gateway_callback(body["payment"]["fields"])).content == b"ACTION=POSTAUTH"
    state = client.get(path, {"email": "SALMA@example.ma"}).json()
    assert state["state"] == "paid" and state["total"] == "545.00" and len(state["orders"]) == 2


def test_declined_api_buyer_retries_then_switches_to_cash_on_delivery(client, card_shop):
    body = api_card_checkout(client, card_shop)
    group = Payment.objects.select_related("order").first().order.checkout_group
    base = f"/api/v1/checkout-groups/{group}/payment"
    post_callback(Client(), gateway_callback(body["payment"]["fields"], code="05"))
    assert client.get(base, {"email": "salma@example.ma"}).json()["state"] == "declined"
    retry = client.post(f"{base}/card?email=salma@example.ma")
    assert retry.status_code == 201 and retry.json()["fields"]["oid"] != body["payment"]["fields"]["oid"]
    assert client.post(f"{base}/cod?email=intruder@example.ma").status_code == 404
    switched = client.post(f"{base}/cod?email=salma@example.ma")
    assert switched.status_code == 200 and switched.json()["state"] == "cod"
    assert {o["payment_method"] for o in switched.json()["orders"]} == {"cod"}
    again = client.post(f"{base}/card?email=salma@example.ma")
    assert again.status_code == 409 and again.json()["message"]


def test_openapi_documents_the_payment_endpoints_with_examples(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/checkout-groups/{group}/payment", "/api/v1/merchant/orders/{number}/refunds",
                 "/api/v1/merchant/orders/{number}/transfer-received"):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    assert schemas["PaymentStateOut"].get("examples") and schemas["PaymentFormOut"].get("examples")
