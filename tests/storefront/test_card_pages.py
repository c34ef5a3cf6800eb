# ruff: noqa: F811  (fixtures imported from tests/storefront/card_helpers.py and tests/gateway.py are requested by name)
"""The card payment pages: the checkout offers card and bank transfer beside cash on delivery, the pay page
posts a signed form to the gateway (button without JavaScript), the return pages read the state from the
database only, a declined buyer retries or switches to cash on delivery, and a gateway that is down leaves a
clear message and the cash option. In French and in Arabic."""

import re
import socket

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.gateway import gateway_simulator, gateway_simulator_process  # noqa: F401
from tests.storefront.card_helpers import card_checkout, card_shop, gateway_callback, post_callback  # noqa: F401
from tijara.orders.models import Order, OrderStatus
from tijara.payments.models import CardAttempt, Payment

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "fr", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"storefront:{name}", kwargs=kwargs)


def placed_by(client: Client, card_shop, method: str = "card") -> list[Order]:
    """A card checkout placed by `client`'s session (as the confirmation page records it)."""
    orders = card_checkout(card_shop, method=method)
    session = client.session
    session["checkout_groups"] = [str(orders[0].checkout_group)]
    session.save()
    return orders


def form_fields(html: str) -> dict[str, str]:
    import html as html_lib

    return {name: html_lib.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)}


@pytest.mark.parametrize("lang,card,transfer", [
    ("fr", "Carte bancaire", "Virement bancaire"),
    ("ar", "بطاقة بنكية", "تحويل بنكي"),
])
def test_checkout_offers_card_and_transfer_beside_cash_on_delivery(client, card_shop, lang, card, transfer):
    client.post(url("cart_add", lang), {"variant_id": card_shop["oil"].pk, "quantity": 1})
    html = client.get(url("checkout", lang)).content.decode()
    assert re.findall(r'name="payment_method" value="(\w+)"', html) == ["cod", "card", "transfer"]
    assert card in html and transfer in html


def test_card_is_not_offered_without_a_store_key(client, card_shop, settings):
    settings.TIJARA_CMI_STORE_KEY = ""
    client.post(url("cart_add"), {"variant_id": card_shop["oil"].pk, "quantity": 1})
    html = client.get(url("checkout")).content.decode()
    assert 'value="card"' not in html and 'value="cod"' in html


@pytest.mark.parametrize("lang,direction,button", [("fr", "ltr", "Payer par carte"), ("ar", "rtl", "الأداء بالبطاقة")])
def test_pay_page_posts_a_signed_form_to_the_gateway(client, card_shop, gateway_simulator, lang, direction, button):
    orders = placed_by(client, card_shop)
    group = orders[0].checkout_group
    response = client.get(url("checkout_pay", lang, group=group))
    html = response.content.decode()
    assert response.status_code == 200 and f'dir="{direction}"' in html
    assert f'action="{gateway_simulator.gateway_url}"' in html
    fields = form_fields(html)
    assert fields["amount"] == "545.00" and fields["currency"] == "504" and fields["lang"] == lang
    assert fields["okUrl"].startswith(f"http://testserver/{lang}/checkout/pay/{group}/ok/?k=")
    assert fields["failUrl"].startswith(f"http://testserver/{lang}/checkout/pay/{group}/fail/?k=")
    assert fields["CallbackURL"] == "http://testserver/payments/cmi/callback/"
    assert fields["HASH"]
    assert re.search(rf'<button type="submit"[^>]*>{button}', html)  # works without JavaScript
    assert CardAttempt.objects.filter(checkout_group=group).count() == 1


def test_confirming_with_card_on_the_recap_leads_to_the_pay_page(client, card_shop):
    client.post(url("cart_add"), {"variant_id": card_shop["oil"].pk, "quantity": 1})
    from tests.checkout.test_pages import details, recap_form

    shop = {"argan": card_shop["argan"], "zellige": card_shop["zellige"]}
    client.post(url("checkout"), details(shop, payment_method="card"))
    form = recap_form(client.get(url("checkout_recap")))
    response = client.post(url("checkout_confirm"), form)
    group = Order.objects.get().checkout_group
    assert response.status_code == 302 and response.url == url("checkout_pay", group=group)


def test_gateway_down_shows_a_message_and_cash_on_delivery(client, card_shop, settings):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.TIJARA_CMI_GATEWAY_URL = f"http://127.0.0.1:{port}/fim/est3Dgate"
    orders = placed_by(client, card_shop)
    group = orders[0].checkout_group
    html = client.get(url("checkout_pay", group=group)).content.decode()
    assert "ne répond pas" in html or "injoignable" in html
    assert url("checkout_pay_cod", group=group) in html
    assert not CardAttempt.objects.filter(checkout_group=group).exists()
    client.post(url("checkout_pay_cod", group=group))
    assert set(Payment.objects.values_list("provider", flat=True)) == {"cod"}
    assert Order.objects.filter(status=OrderStatus.PLACED).count() == 2  # nothing lost


def gateway_return(path: str) -> Client:
    """The gateway's cross-site POST back to the shop: no CSRF token, forged fields."""
    gateway = Client(enforce_csrf_checks=True)
    return gateway.post(path, {"Response": "Approved", "ProcReturnCode": "00", "oid": "forged"})


@pytest.mark.parametrize("lang,waiting,paid", [
    ("fr", "Paiement en cours de confirmation", "Paiement reçu, merci"),
    ("ar", "جارٍ تأكيد الأداء", "تم استلام الأداء، شكرًا"),
])
def test_ok_page_waits_for_the_verified_callback_then_shows_paid(client, card_shop, lang, waiting, paid):
    orders = placed_by(client, card_shop)
    group = orders[0].checkout_group
    from tests.storefront.card_helpers import start_attempt

    form = start_attempt(group, lang)
    ok_url = url("checkout_pay_ok", lang, group=group)
    # The gateway's POST (cross-site, forged "approved" fields) is answered with a GET of the same page.
    response = Client(enforce_csrf_checks=True).post(ok_url, {"Response": "Approved", "ProcReturnCode": "00"})
    assert response.status_code == 303 and response.url == ok_url
    page = client.get(ok_url).content.decode()
    assert waiting in page
    assert '<meta http-equiv="refresh"' in page and "data-poll=" in page  # updates itself, with or without JS
    assert set(Payment.objects.values_list("status", flat=True)) == {"pending"}  # nothing posted was trusted
    state = client.get(url("checkout_pay_status", lang, group=group))
    assert 'data-final="0"' in state.content.decode() and state["Cache-Control"] == "no-store"

    assert post_callback(client, gateway_callback(form.fields)).content == b"ACTION=POSTAUTH"
    fragment = client.get(url("checkout_pay_status", lang, group=group)).content.decode()
    assert paid in fragment and 'data-final="1"' in fragment
    page = client.get(ok_url).content.decode()
    assert paid in page and 'http-equiv="refresh"' not in page


def test_declined_buyer_retries_by_card_or_switches_to_cash_and_keeps_the_basket(client, card_shop):
    orders = placed_by(client, card_shop)
    group = orders[0].checkout_group
    from tests.storefront.card_helpers import start_attempt

    first = start_attempt(group)
    assert post_callback(client, gateway_callback(first.fields, code="51")).content == b"APPROVED"
    fail_url = url("checkout_pay_fail", group=group)
    assert gateway_return(fail_url).status_code == 303
    page = client.get(fail_url).content.decode()
    assert "refusé" in page
    assert url("checkout_pay", group=group) in page and url("checkout_pay_cod", group=group) in page

    response = client.post(url("checkout_pay_cod", group=group))
    assert response.status_code == 302 and response.url == url("checkout_done", group=group)
    assert set(Payment.objects.values_list("provider", "status")) == {("cod", "pending")}
    assert Order.objects.filter(checkout_group=group, status=OrderStatus.PLACED).count() == 2
    assert "Paiement à la livraison" in client.get(response.url).content.decode()


def test_return_pages_are_for_the_buyer_only_or_whoever_holds_the_access_key(client, card_shop):
    orders = placed_by(client, card_shop)
    group = orders[0].checkout_group
    stranger = Client()
    for name in ("checkout_pay", "checkout_pay_ok", "checkout_pay_fail", "checkout_pay_status"):
        assert stranger.get(url(name, group=group)).status_code == 404, name
    assert stranger.post(url("checkout_pay_cod", group=group)).status_code == 404
    assert Payment.objects.filter(provider="card").count() == 2
    from tijara.payments.access import checkout_access_key as access_key

    assert stranger.get(url("checkout_pay_ok", group=group) + "?k=wrong").status_code == 404
    assert stranger.get(url("checkout_pay_ok", group=group) + f"?k={access_key(group)}").status_code == 200



def test_bank_transfer_confirmation_tells_where_to_send_the_money(client, card_shop):
    from tests.dashboard.conftest import VALID_RIB

    card_shop["argan"].rib = VALID_RIB
    card_shop["argan"].save(update_fields=["rib"])
    orders = placed_by(client, card_shop, method="transfer")
    html = client.get(url("checkout_done", group=orders[0].checkout_group)).content.decode()
    argan = next(o for o in orders if o.merchant_id == card_shop["argan"].pk)
    assert "Virement bancaire" in html and VALID_RIB in html
    assert f"avec la référence {argan.number}" in html


def test_retry_by_card_after_a_decline_is_a_new_attempt(client, card_shop, gateway_simulator):
    from tests.storefront.card_helpers import start_attempt

    orders = placed_by(client, card_shop)
    group = orders[0].checkout_group
    declined = start_attempt(group)
    post_callback(client, gateway_callback(declined.fields, code="05"))
    response = client.post(url("checkout_pay", group=group))  # the fail page's "retry by card" button
    fields = form_fields(response.content.decode())
    assert response.status_code == 200 and fields["oid"] != declined.fields["oid"]
    assert post_callback(client, gateway_callback(fields)).content == b"ACTION=POSTAUTH"
    assert client.get(url("checkout_pay", group=group)).url == url("checkout_pay_ok", group=group)  # paid: no form
