"""The whole purchase through the JSON API, and bad input answered with the field at fault."""

import json
from decimal import Decimal

import pytest
from django.utils import translation

from tests.checkout.helpers import new_key
from tijara.catalog.models import Variant
from tijara.core.models import City
from tijara.orders.models import Order
from tijara.orders.texts import withdrawal_conditions

pytestmark = pytest.mark.django_db


def post(client, url, body=None, **headers):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **headers)


def checkout_body(shop, **overrides):
    from tijara.shipping.models import ShippingMethod

    casa = City.objects.get(name_fr="Casablanca")
    shipping = {str(m.pk): ShippingMethod.objects.filter(merchant=m).order_by("position").first().pk
                for m in (shop["argan"], shop["zellige"])}
    body = {"customer": {"full_name": "Salma Bennani", "phone": "+212 6 12 34 56 78", "email": "salma@example.ma"},
            "address": {"line": "12 Rue Ibn Batouta", "city_id": casa.pk, "region_code": 6},
            "shipping": shipping, "payment_method": "cod"}
    body.update(overrides)
    return body


def test_whole_purchase_through_the_api(client, shop):
    token = post(client, "/api/v1/carts").json()["token"]
    assert post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].pk, "quantity": 2}).status_code == 201
    added = post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["tile"].pk, "quantity": 1})
    assert added.status_code == 201
    cart = client.get(f"/api/v1/carts/{token}").json()
    assert [s["store"]["slug"] for s in cart["stores"]] == ["argania", "zellige-fes"]
    assert cart["stores"][0]["subtotal"] == "240.00"
    recap = post(client, f"/api/v1/carts/{token}/checkout", checkout_body(shop))
    assert recap.status_code == 200, recap.content
    recap = recap.json()
    assert recap["stores"][0]["store"]["ice"] == shop["argan"].ice
    assert recap["stores"][0]["shipping"]["fee"] == "20.00"
    assert recap["delivery_address"]["phone"] == "+212612345678"
    with translation.override("fr"):  # the conditions the recap page shows [CP-WITHDRAWAL-INFO]
        assert recap["withdrawal"] == withdrawal_conditions()
    assert recap["withdrawal"].startswith("Rétractation : vous pouvez vous rétracter de cet achat dans un délai de "
                                          "7 jours à compter de la réception des produits, une fois que le vendeur "
                                          "vous a confirmé la commande par écrit (30 jours si cette confirmation "
                                          "écrite ne vous est pas parvenue à la livraison)")
    assert recap["withdrawal"].endswith("(loi 31-08, art. 36).")
    key = new_key()
    confirmed = post(client, f"/api/v1/carts/{token}/confirm", {"fingerprint": recap["fingerprint"]},
                     HTTP_IDEMPOTENCY_KEY=key)
    assert confirmed.status_code == 201, confirmed.content
    orders = confirmed.json()["orders"]
    assert [o["number"] for o in orders] == ["ARG-000001", "ZEL-000001"]
    assert orders[0]["total"] == "260.00"
    again = post(client, f"/api/v1/carts/{token}/confirm", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 201 and again.json()["orders"][0]["number"] == "ARG-000001"
    assert Order.objects.count() == 2
    status = client.get("/api/v1/orders/ARG-000001", {"email": "SALMA@example.ma"})
    assert status.status_code == 200 and status.json()["status"] == "placed"
    assert client.get("/api/v1/orders/ARG-000001", {"email": "other@example.ma"}).status_code == 404


def test_confirm_without_body_uses_last_recap(client, shop):
    token = post(client, "/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].pk, "quantity": 1})
    post(client, f"/api/v1/carts/{token}/checkout", checkout_body(shop))
    response = client.post(f"/api/v1/carts/{token}/confirm", HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 201, response.content


def test_price_change_answers_409_with_new_recap(client, shop):
    """A recap that is no longer true binds nothing: the client gets the new one to show [EC-CONFIRM]."""
    token = post(client, "/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].pk, "quantity": 1})
    recap = post(client, f"/api/v1/carts/{token}/checkout", checkout_body(shop)).json()
    Variant.objects.filter(pk=shop["oil"].pk).update(price=Decimal("99.00"))
    response = post(client, f"/api/v1/carts/{token}/confirm", {"fingerprint": recap["fingerprint"]},
                    HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 409
    body = response.json()
    assert body["field"] == "fingerprint" and body["recap"]["stores"][0]["lines"][0]["unit_price"] == "99.00"
    assert Order.objects.count() == 0
    ok = post(client, f"/api/v1/carts/{token}/confirm", {"fingerprint": body["recap"]["fingerprint"]},
              HTTP_IDEMPOTENCY_KEY=new_key())
    assert ok.status_code == 201


@pytest.mark.parametrize("body, field", [
    ({"variant_id": 999999, "quantity": 1}, "variant_id"),
    ({"variant_id": "OIL", "quantity": 0}, "quantity"),
    ({"quantity": 1}, "variant_id"),
])
def test_bad_lines_are_refused_with_the_field(client, shop, body, field):
    token = post(client, "/api/v1/carts").json()["token"]
    if body.get("variant_id") == "OIL":
        body["variant_id"] = shop["oil"].pk
    response = post(client, f"/api/v1/carts/{token}/lines", body)
    assert response.status_code in (400, 404)
    assert response.json()["field"].endswith(field)
    assert client.get(f"/api/v1/carts/{token}").json()["item_count"] == 0


def test_quantity_above_stock_is_refused(client, shop):
    token = post(client, "/api/v1/carts").json()["token"]
    response = post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].pk, "quantity": 11})
    assert response.status_code == 409 and response.json()["field"] == "quantity"


def test_bad_phone_is_refused_in_the_visitors_language(client, shop):
    token = post(client, "/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].pk, "quantity": 1})
    body = checkout_body(shop)
    body["customer"]["phone"] = "0812"
    response = post(client, f"/api/v1/carts/{token}/checkout", body, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400 and response.json()["field"] == "phone"


def test_empty_cart_checkout_is_refused(client, shop):
    token = post(client, "/api/v1/carts").json()["token"]
    response = post(client, f"/api/v1/carts/{token}/checkout", checkout_body(shop))
    assert response.status_code == 409 and response.json()["field"] == "cart"


def test_confirm_needs_idempotency_key(client, shop):
    token = post(client, "/api/v1/carts").json()["token"]
    response = post(client, f"/api/v1/carts/{token}/confirm")
    assert response.status_code == 400


def test_unknown_cart_is_404(client, db):
    assert client.get("/api/v1/carts/not-a-token").status_code == 404


def test_cart_read_query_count_does_not_grow_with_lines(client, shop, django_assert_max_num_queries):
    token = post(client, "/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].pk, "quantity": 1})
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["tile"].pk, "quantity": 1})
    with django_assert_max_num_queries(8):
        client.get(f"/api/v1/carts/{token}")


def test_openapi_documents_the_purchase(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/carts", "/api/v1/carts/{token}/lines", "/api/v1/carts/{token}/checkout",
                 "/api/v1/carts/{token}/confirm", "/api/v1/orders/{number}"):
        assert path in spec["paths"]
    assert "examples" in json.dumps(spec["components"]["schemas"]["CheckoutIn"])
