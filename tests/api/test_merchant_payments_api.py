# ruff: noqa: F811  (fixtures imported from tests/storefront/card_helpers.py and tests/gateway.py are requested by name)
"""Merchant API: an order's payment, refunds (full or partial, never above what was captured) and the bank
transfer's receipt, scoped to the signed-in merchant and to owners and managers [PAY-REFUND-LIMIT]."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from tests.dashboard.conftest import client_for, make_member
from tests.storefront.card_helpers import card_checkout, card_shop  # noqa: F401  (fixture)
from tijara.merchants.models import Role
from tijara.payments.models import Payment, Refund
from tijara.payments.services import order_move

pytestmark = pytest.mark.django_db
API = "/api/v1/merchant/orders"


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def placed(card_shop):
    """A cash-on-delivery checkout and a bank-transfer one; Argania's orders of each, by method."""
    cod = next(o for o in card_checkout(card_shop, method="cod") if o.merchant_id == card_shop["argan"].pk)
    transfer = next(o for o in card_checkout(card_shop, method="transfer") if o.merchant_id == card_shop["argan"].pk)
    for status in ("confirmed", "shipped", "delivered"):
        order_move(order=cod, to_status=status, actor=None)
    return {"cod": cod, "transfer": transfer}


def test_refund_part_then_the_rest(card_shop, placed):
    owner = client_for(make_member(card_shop["argan"], Role.OWNER))
    number = placed["cod"].number
    first = post(owner, f"{API}/{number}/refunds", {"amount": "60.00", "reference": "RECU-1"})
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "partially_refunded" and body["refunded"] == "60.00" and body["refundable"] == "200.00"
    assert body["refunds"][0]["reference"] == "RECU-1"
    rest = post(owner, f"{API}/{number}/refunds", {"reference": "RECU-2"})  # no amount: everything left
    assert rest.status_code == 201 and rest.json()["status"] == "refunded" and rest.json()["refundable"] == "0.00"
    again = post(owner, f"{API}/{number}/refunds", {"amount": "1.00", "reference": "RECU-3"})
    assert again.status_code == 409 and again.json()["field"] == "amount"
    assert owner.get(f"{API}/{number}/payment").json()["refunded"] == "260.00"


@pytest.mark.parametrize("body,status,field", [
    ({"amount": "260.01", "reference": "R"}, 409, "amount"),
    ({"amount": "10.00"}, 409, "reference"),  # required for cash on delivery: the payment's state decides
    ({"amount": "-1"}, 400, "amount"),
    ({"amount": "1.001", "reference": "R"}, 400, "amount"),
    ({"amount": "abc"}, 400, "amount"),
])
def test_bad_refunds_answer_message_and_field_and_change_nothing(card_shop, placed, body, status, field):
    owner = client_for(make_member(card_shop["argan"], Role.OWNER))
    response = post(owner, f"{API}/{placed['cod'].number}/refunds", body)
    assert response.status_code == status, response.content
    assert response.json()["field"].endswith(field) and response.json()["message"]
    assert not Refund.objects.exists()


def test_only_owner_and_manager_refund_and_only_their_stores_orders(card_shop, placed):
    staff = client_for(make_member(card_shop["argan"], Role.STAFF))
    assert post(staff, f"{API}/{placed['cod'].number}/refunds", {"amount": "1.00", "reference": "R"}).status_code == 403
    other = client_for(make_member(card_shop["zellige"], Role.OWNER))
    answer = post(other, f"{API}/{placed['cod'].number}/refunds", {"amount": "1.00", "reference": "R"})
    assert answer.status_code == 404 and answer.json()["message"]
    assert post(Client(), f"{API}/{placed['cod'].number}/refunds", {"amount": "1.00"}).status_code == 401
    manager = client_for(make_member(card_shop["argan"], Role.MANAGER))
    assert post(manager, f"{API}/{placed['cod'].number}/refunds", {"amount": "1.00", "reference": "R"}).status_code == 201
    assert Refund.objects.get().amount == Decimal("1.00")


def test_transfer_received_captures_the_payment(card_shop, placed):
    owner = client_for(make_member(card_shop["argan"], Role.OWNER))
    number = placed["transfer"].number
    missing = post(owner, f"{API}/{number}/transfer-received", {})
    assert missing.status_code == 400 and missing.json()["field"] == "reference"
    done = post(owner, f"{API}/{number}/transfer-received", {"reference": "VIR-1"})
    assert done.status_code == 200 and done.json()["status"] == "captured" and done.json()["captured"] == "260.00"
    assert Payment.objects.get(order=placed["transfer"]).reference == "VIR-1"
    not_transfer = post(owner, f"{API}/{placed['cod'].number}/transfer-received", {"reference": "VIR-2"})
    assert not_transfer.status_code == 409


def test_unpaid_transfer_order_cannot_ship_through_the_api(card_shop, placed):
    owner = client_for(make_member(card_shop["argan"], Role.OWNER))
    number = placed["transfer"].number
    assert post(owner, f"{API}/{number}/confirm", {}).status_code == 200
    refused = post(owner, f"{API}/{number}/ship", {})
    assert refused.status_code == 409 and refused.json()["message"]
