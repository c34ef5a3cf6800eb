"""A guest finds their order with its number and e-mail, in French and in Arabic, after the merchant confirmed it:
the order page states the 7-day window and offers the written confirmation, which downloads as a PDF
[CP-CONFIRMATION] [CP-WITHDRAWAL-INFO]."""

import pytest

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_category, make_merchant, make_product
from tests.ledger.pdftext import pdf_text
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order
from tijara.payments.services import order_move
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def confirmed_order(db) -> Order:
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    argan = make_merchant(name="Argania", slug="argania")
    shipping_defaults_ensure(merchants=[argan])
    oil = make_product(argan, category=beauty, fr="Huile d'argan", ar="زيت أركان", prices=("120.00",), stock=10)
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=oil.variants.get().pk, quantity=2)
    fill_details(cart)
    order = checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)[0]
    order_move(order=order, to_status="confirmed", actor=None)  # the merchant confirms: the e-mail job runs
    return Order.objects.get(pk=order.pk)


@pytest.mark.parametrize("lang, direction, window, button", [
    ("fr", "ltr", "dans un délai de 7 jours à compter de la réception des produits", "Afficher ma commande"),
    ("ar", "rtl", "داخل أجل 7 أيام من تاريخ تسلّم المنتجات", "عرض طلبيتي"),
])
def test_guest_downloads_the_written_confirmation(live_server, page, screenshot_dir, confirmed_order, lang, direction,
                                                  window, button):
    assert confirmed_order.confirmation_sent_at is not None
    page.goto(f"{live_server.url}/{lang}/orders/find/")
    page.fill("#number", confirmed_order.number)
    page.fill("#email", "salma@example.ma")
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"**/{lang}/orders/{confirmed_order.number}/")
    assert page.locator("html").get_attribute("dir") == direction
    assert window in page.locator(".withdrawal-text").inner_text()
    link = page.locator("[data-confirmation-pdf]")
    assert link.is_visible()
    page.screenshot(path=str(screenshot_dir / f"order-confirmation-{lang}.png"), full_page=True)
    pdf = page.request.get(live_server.url + link.get_attribute("href"))  # the page's own cookies
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    (screenshot_dir / f"order-confirmation-{lang}.pdf").write_bytes(pdf.body())
    assert confirmed_order.number in pdf_text(pdf.body())
    stranger = page.context.browser.new_context().request.get(live_server.url + link.get_attribute("href"))
    assert stranger.status == 404
