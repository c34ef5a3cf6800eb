"""A card purchase over real HTTP between two real servers: the shop (pytest-django's live server) and the
gateway simulator (its own process). The buyer's side is played with plain HTTP requests: the API's signed
form posted to the hosted page, the card form submitted, the simulator's return form posted back to the shop.
Nothing is faked: the callback the shop trusts is the one the simulator signed and sent [PAY-CARD-HASH]."""

import html
import json
import re
import urllib.parse
import uuid
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.checkout.helpers import shop  # noqa: F401 - the two stores' fixture
from tests.gateway import http, post_form
from tests.simulator.helpers import APPROVED, DECLINED, FOREIGN, form_action, hidden_fields
from tijara.core.models import City
from tijara.payments.models import GatewayCallback, Payment, PaymentStatus

EMAIL = "salma@example.ma"


def api(live_server, method: str, path: str, body: dict | None = None, **headers) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    status, text = http(method, f"{live_server.url}/api/v1{path}", data,
                        {"Content-Type": "application/json", **headers})
    return status, (json.loads(text) if text else {})


def card_checkout(live_server, shop, lang: str = "fr") -> dict:  # noqa: F811
    """A guest's two-store basket confirmed by card through the API: the signed form to post to the gateway."""
    status, cart = api(live_server, "POST", "/carts")
    assert status in (200, 201), cart
    token = cart["token"]
    for variant, quantity in ((shop["oil"], 2), (shop["tile"], 3)):
        status, body = api(live_server, "POST", f"/carts/{token}/lines", {"variant_id": variant.pk,
                                                                          "quantity": quantity})
        assert status == 201, body
    casa = City.objects.get(name_fr="Casablanca")
    status, body = api(live_server, "POST", f"/carts/{token}/checkout", {
        "customer": {"full_name": "Salma Bennani", "phone": "0612345678", "email": EMAIL},
        "address": {"line": "12 Rue Ibn Batouta", "city_id": casa.pk, "region_code": casa.region_id},
        "shipping": {str(s["store"]["id"]): s["shipping_options"][0]["method_id"] for s in body["stores"]},
        "payment_method": "card"})
    assert status == 200, body
    status, body = api(live_server, "POST", f"/carts/{token}/confirm", **{"Idempotency-Key": uuid.uuid4().hex,
                                                                          "Accept-Language": lang})
    assert status == 201, body
    assert len(body["orders"]) == 2 and body["payment"]["action_url"], body
    return body["payment"]


def group_of(form: dict) -> str:
    return re.search(r"/pay/([0-9a-f-]{36})/ok/", form["fields"]["okUrl"])[1]


def buyer_pays(simulator, form: dict, number: str) -> str:
    """The buyer's browser: the signed form to the hosted page, the card form, then the return page."""
    assert form["action_url"] == simulator.gateway_url
    status, page = post_form(form["action_url"], form["fields"])
    assert status == 200, page
    status, page = simulator.post("/fim/pay", {"request": hidden_fields(page)["request"], "card_number": number,
                                               "card_expiry": "12/39", "card_cvv": "123"})
    assert status == 200, page
    return page


def payment_state(live_server, group: str) -> str:
    status, body = api(live_server, "GET", f"/checkout-groups/{group}/payment?email={urllib.parse.quote(EMAIL)}")
    assert status == 200, body
    return body["state"]


def back_at_the_shop(page: str) -> tuple[int, str]:
    """The simulator's auto-submitting return form, posted to the shop (which answers with its own page)."""
    return post_form(form_action(page), hidden_fields(page))


@pytest.mark.slow
def test_a_two_store_basket_paid_by_card_is_captured_per_order(live_server, gateway_simulator, shop):  # noqa: F811
    form = card_checkout(live_server, shop)
    group = group_of(form)

    page = buyer_pays(gateway_simulator, form, APPROVED)

    [callback] = gateway_simulator.callbacks()
    assert callback["url"] == f"{live_server.url}/payments/cmi/callback/"
    assert (callback["status"], callback["reply"]) == (200, "ACTION=POSTAUTH")
    assert form_action(page) == form["fields"]["okUrl"]
    status, _page = back_at_the_shop(page)
    assert status == 200
    assert payment_state(live_server, group) == "paid"
    payments = Payment.objects.filter(order__checkout_group=group).select_related("order").order_by("pk")
    assert [(p.status, p.captured_amount, p.card_origin) for p in payments] == [
        (PaymentStatus.CAPTURED, p.order.total, "domestic") for p in payments]
    assert sum(p.captured_amount for p in payments) == Decimal(form["fields"]["amount"])


@pytest.mark.slow
def test_a_foreign_card_is_recorded_as_foreign(live_server, gateway_simulator, shop):  # noqa: F811
    form = card_checkout(live_server, shop)

    buyer_pays(gateway_simulator, form, FOREIGN)

    assert set(Payment.objects.filter(order__checkout_group=group_of(form)).values_list("card_origin", flat=True)) \
        == {"foreign"}


@pytest.mark.slow
def test_a_declined_buyer_switches_to_cash_on_delivery_and_keeps_the_basket(
        live_server, gateway_simulator, shop):  # noqa: F811
    form = card_checkout(live_server, shop)
    group = group_of(form)

    page = buyer_pays(gateway_simulator, form, DECLINED)

    assert gateway_simulator.callbacks()[0]["reply"] == "APPROVED"  # heard, nothing captured
    assert form_action(page) == form["fields"]["failUrl"]
    assert payment_state(live_server, group) == "declined"
    status, body = api(live_server, "POST", f"/checkout-groups/{group}/payment/cod?email={urllib.parse.quote(EMAIL)}")
    assert status == 200, body
    assert body["state"] == "cod" and len(body["orders"]) == 2
    assert {o["status"] for o in body["orders"]} == {"placed"}


@pytest.mark.slow
def test_a_callback_sent_twice_is_captured_once(live_server, gateway_simulator, shop):  # noqa: F811
    gateway_simulator.control("twice")
    form = card_checkout(live_server, shop)

    buyer_pays(gateway_simulator, form, APPROVED)

    assert [c["reply"] for c in gateway_simulator.callbacks()] == ["ACTION=POSTAUTH", "APPROVED"]
    payments = Payment.objects.filter(order__checkout_group=group_of(form)).select_related("order")
    assert all(p.captured_amount == p.order.total for p in payments)
    assert list(GatewayCallback.objects.filter(oid=form["fields"]["oid"]).order_by("pk")
                .values_list("verdict", flat=True)) == ["captured", "duplicate"]


@pytest.mark.slow
def test_an_older_declined_result_arriving_after_the_approval_changes_nothing(
        live_server, gateway_simulator, shop):  # noqa: F811
    gateway_simulator.control("out_of_order")
    form = card_checkout(live_server, shop)

    buyer_pays(gateway_simulator, form, APPROVED)

    assert [c["kind"] for c in gateway_simulator.callbacks()] == ["callback", "stale"]
    assert payment_state(live_server, group_of(form)) == "paid"


@pytest.mark.slow
def test_a_buyer_back_before_a_late_callback_sees_pending_then_paid(live_server, gateway_simulator, shop):  # noqa: F811
    gateway_simulator.control("late", delay=0.5)
    form = card_checkout(live_server, shop)
    group = group_of(form)

    buyer_pays(gateway_simulator, form, APPROVED)

    assert payment_state(live_server, group) == "pending"
    [callback] = gateway_simulator.wait_for_callbacks(1)
    assert callback["reply"] == "ACTION=POSTAUTH"
    assert payment_state(live_server, group) == "paid"


@pytest.mark.slow
def test_a_card_refund_goes_through_the_gateway_for_that_orders_share_only(
        live_server, gateway_simulator, shop):  # noqa: F811
    from tijara.payments.refunds import payment_refund

    form = card_checkout(live_server, shop)
    buyer_pays(gateway_simulator, form, APPROVED)
    oil_payment, tile_payment = Payment.objects.filter(order__checkout_group=group_of(form)).order_by("pk")

    refund = payment_refund(payment=oil_payment, amount=oil_payment.captured_amount / 2, actor=None)

    assert refund.provider_reference  # the gateway's TransId
    oil_payment.refresh_from_db()
    tile_payment.refresh_from_db()
    assert oil_payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert oil_payment.refunded_amount == oil_payment.captured_amount / 2 and tile_payment.refunded_amount == 0
    assert gateway_simulator.payments()[form["fields"]["oid"]] == {
        "captured": form["fields"]["amount"], "refunded": f"{oil_payment.captured_amount / 2:.2f}"}


@pytest.mark.slow
def test_with_the_gateway_down_the_pay_page_says_so_and_offers_cash_on_delivery(
        live_server, gateway_simulator, shop):  # noqa: F811
    form = card_checkout(live_server, shop)
    pay_page = form["fields"]["okUrl"].replace("/ok/?", "/?")
    gateway_simulator.stop()

    status, page = http("GET", pay_page)

    assert status == 200
    with translation.override("fr"):
        down = gettext("The card payment service cannot be reached right now. Try again in a few minutes, or pay "
                       "cash on delivery: your orders are kept.")
    assert down != "" and down in html.unescape(page)
    assert gateway_simulator.gateway_url not in page  # no form to a gateway that is not there
    assert "/cod/" in page  # the cash-on-delivery switch is offered
    assert payment_state(live_server, group_of(form)) in ("pending", "declined")
