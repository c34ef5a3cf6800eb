"""A guest follows the order from the link in the shipping e-mail, in a browser that never saw the shop: the order
page opens with the carrier and the tracking number, in French and in Arabic; an altered link opens nothing."""

import re

import pytest
from django.core import mail

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_category, make_merchant, make_product
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.fulfilment.services import carrier_add, shipment_create
from tijara.payments.services import order_move
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRACKING = "CX123456789MA"


def shipped_order(lang: str):
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    argan = make_merchant(name="Argania", slug="argania")
    shipping_defaults_ensure(merchants=[argan])
    oil = make_product(argan, category=beauty, fr="Huile d'argan", ar="زيت أركان", prices=("120.00",), stock=10)
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=oil.variants.get().pk, quantity=1)
    fill_details(cart, language=lang)
    order = checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)[0]
    order_move(order=order, to_status="confirmed", actor=None)
    carrier = carrier_add(merchant=argan, reference_code="amana-barid-al-maghrib-poste-maroc")
    mail.outbox.clear()
    shipment_create(order=order, carrier=carrier, actor=None, tracking_number=TRACKING)  # e-mails after commit
    return order, carrier


@pytest.mark.parametrize(("lang", "direction", "subject_word"), [("fr", "ltr", "en route"), ("ar", "rtl", "الطريق")])
def test_a_guest_opens_the_shipping_email_link_in_another_browser(live_server, browser, screenshot_dir, lang,
                                                                   direction, subject_word):
    order, carrier = shipped_order(lang)
    [email] = [m for m in mail.outbox if subject_word in m.subject]
    assert TRACKING in email.body and carrier.name in email.body
    path = re.search(r"/[a-z]{2}/orders/track/[^\s/]+/", email.body).group(0)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=f"{lang}-MA")  # a phone, no cookie
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        tab.goto(live_server.url + path)
        tab.wait_for_url(f"**/{lang}/orders/{order.number}/")  # the token left the address bar
        assert tab.locator("html").get_attribute("dir") == direction
        assert tab.locator("[data-tracking-number]").inner_text() == TRACKING
        assert carrier.name in tab.locator("[data-tracking]").inner_text()
        tab.screenshot(path=str(screenshot_dir / f"guest-tracking-{lang}.png"), full_page=True)

        altered = path[:-3] + ("x" if path[-3] != "x" else "y") + path[-2:]
        stranger = browser.new_context()
        answer = stranger.new_page().goto(live_server.url + altered)
        assert answer.status == 404 and TRACKING not in answer.text()
        stranger.close()
    finally:
        context.close()
