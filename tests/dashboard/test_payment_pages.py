# ruff: noqa: F811  (fixtures imported from tests/storefront/card_helpers.py and tests/gateway.py are requested by name)
"""An order's payment in the back-office: what was captured and refunded, a refund form (full or partial,
with its reference for cash and transfers) for owners and managers only, errors as messages, and the
"bank transfer received" form [PAY-REFUND-LIMIT]."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.dashboard.conftest import client_for, make_member
from tests.storefront.card_helpers import card_checkout, card_shop  # noqa: F401  (fixture)
from tijara.merchants.models import Role
from tijara.payments.models import Payment, Refund
from tijara.payments.services import order_move

pytestmark = pytest.mark.django_db


def url(name: str, number: str, lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse(f"dashboard:{name}", kwargs={"number": number})


def delivered(order):
    for status in ("confirmed", "shipped", "delivered"):
        order_move(order=order, to_status=status, actor=None)
    return order


@pytest.fixture
def cod_paid(card_shop):
    """Argania's order of a cash-on-delivery checkout, delivered: 260.00 MAD captured."""
    orders = card_checkout(card_shop, method="cod")
    order = next(o for o in orders if o.merchant_id == card_shop["argan"].pk)
    return delivered(order)


def members(card_shop) -> dict:
    return {role: client_for(make_member(card_shop["argan"], role)) for role in (Role.OWNER, Role.MANAGER, Role.STAFF)}


@pytest.mark.parametrize("lang,refund_word", [("fr", "Rembourser"), ("ar", "استرداد")])
def test_owner_sees_the_payment_and_the_refund_form(card_shop, cod_paid, lang, refund_word):
    owner = members(card_shop)[Role.OWNER]
    html = owner.get(url("order_detail", cod_paid.number, lang)).content.decode()
    assert 'data-payment-status="captured"' in html
    assert 'class="dash-form narrow refund-form"' in html and refund_word in html
    assert 'name="amount"' in html and 'value="260.00"' in html  # prefilled with what can be refunded


def test_partial_then_rest_refund_with_reference(card_shop, cod_paid):
    owner = members(card_shop)[Role.OWNER]
    response = owner.post(url("order_refund", cod_paid.number), {"amount": "130.00", "reference": "RECU-12"},
                          follow=True)
    assert "130" in response.content.decode()
    payment = Payment.objects.get(order=cod_paid)
    assert payment.refunded_amount == Decimal("130.00") and payment.status == "partially_refunded"
    owner.post(url("order_refund", cod_paid.number), {"amount": "130.00", "reference": "RECU-13"})
    payment.refresh_from_db()
    assert payment.status == "refunded" and payment.refunded_amount == payment.captured_amount
    html = owner.get(url("order_detail", cod_paid.number)).content.decode()
    assert "RECU-12" in html and "RECU-13" in html and "refund-form" not in html  # nothing left to refund


@pytest.mark.parametrize("data,message", [
    ({"amount": "300.00", "reference": "R-1"}, "260"),  # more than captured: says how much is left
    ({"amount": "10.00", "reference": ""}, "référence"),  # cash refunds need a reference
])
def test_refused_refunds_are_messages_and_change_nothing(card_shop, cod_paid, data, message):
    owner = members(card_shop)[Role.OWNER]
    response = owner.post(url("order_refund", cod_paid.number), data, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Refund.objects.exists()
    assert Payment.objects.get(order=cod_paid).refunded_amount == 0


def test_invalid_amount_shows_the_form_error(card_shop, cod_paid):
    owner = members(card_shop)[Role.OWNER]
    response = owner.post(url("order_refund", cod_paid.number), {"amount": "-5", "reference": "R"})
    assert response.status_code == 400 and 'class="error"' in response.content.decode()
    assert not Refund.objects.exists()


def test_manager_may_refund_staff_may_not(card_shop, cod_paid):
    clients = members(card_shop)
    staff_page = clients[Role.STAFF].get(url("order_detail", cod_paid.number)).content.decode()
    assert "refund-form" not in staff_page
    assert clients[Role.STAFF].post(url("order_refund", cod_paid.number),
                                    {"amount": "10.00", "reference": "R"}).status_code == 403
    assert not Refund.objects.exists()
    clients[Role.MANAGER].post(url("order_refund", cod_paid.number), {"amount": "10.00", "reference": "R"})
    assert Refund.objects.get().amount == Decimal("10.00")


def test_refund_is_refused_to_anonymous_and_customers(card_shop, cod_paid, client):
    from django.test import Client

    from tijara.accounts.models import User

    assert Client().post(url("order_refund", cod_paid.number), {"amount": "1.00", "reference": "R"}).status_code == 302
    customer = client_for(User.objects.create_user("buyer@example.ma", "a long enough pass 42"))
    customer.post(url("order_refund", cod_paid.number), {"amount": "1.00", "reference": "R"})
    assert not Refund.objects.exists()


def test_merchant_confirms_a_bank_transfer_then_may_ship(card_shop):
    orders = card_checkout(card_shop, method="transfer")
    order = next(o for o in orders if o.merchant_id == card_shop["argan"].pk)
    owner = members(card_shop)[Role.OWNER]
    order_move(order=order, to_status="confirmed", actor=None)
    refused = owner.post(url("order_detail", order.number), {"to_status": "shipped"}, follow=True)
    assert "virement" in refused.content.decode().lower()  # cannot ship before the money is there
    html = owner.get(url("order_detail", order.number)).content.decode()
    assert "transfer-form" in html
    assert owner.post(url("order_transfer_received", order.number), {"reference": ""}).status_code == 400
    owner.post(url("order_transfer_received", order.number), {"reference": "VIR-784512"})
    payment = Payment.objects.get(order=order)
    assert payment.status == "captured" and payment.reference == "VIR-784512"
    owner.post(url("order_detail", order.number), {"to_status": "shipped"})
    order.refresh_from_db()
    assert order.status == "shipped"
