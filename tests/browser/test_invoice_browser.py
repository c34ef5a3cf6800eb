"""A guest finds an order of 3,000 MAD or more, in French and in Arabic: the order page states the written
delivery date and offers the invoice in both languages; the PDFs carry the invoice's number and the store's
identifiers, and another browser gets 404 [TAX-INVOICE] [CP-DEADLINE-3000]."""

import pytest

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_category, make_merchant, make_product
from tests.ledger.pdftext import pdf_text
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def order(db) -> Order:
    crafts = make_category("artisanat", fr="Artisanat", ar="الصناعة التقليدية", en="Crafts")
    atlas = make_merchant(name="Tapis Atlas", slug="tapis-atlas")
    shipping_defaults_ensure(merchants=[atlas])
    rug = make_product(atlas, category=crafts, fr="Tapis Azilal", ar="زربية أزيلال", prices=("3400.00",), stock=2)
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=rug.variants.get().pk, quantity=1)
    fill_details(cart, buyer_ice="001561191000066")
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)[0]


@pytest.mark.parametrize("lang, direction, button", [
    ("fr", "ltr", "Afficher ma commande"),
    ("ar", "rtl", "عرض طلبيتي"),
])
def test_guest_downloads_the_invoice_in_french_and_arabic(live_server, page, screenshot_dir, order, lang, direction,
                                                          button):
    invoice = order.invoice
    page.goto(f"{live_server.url}/{lang}/orders/find/")
    page.fill("#number", order.number)
    page.fill("#email", "salma@example.ma")
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"**/{lang}/orders/{order.number}/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("[data-deliver-by]").get_attribute("data-deliver-by") == order.deliver_by.isoformat()
    page.screenshot(path=str(screenshot_dir / f"order-invoice-{lang}.png"), full_page=True)
    texts = {}
    for doc_lang in ("fr", "ar"):
        link = page.locator(f'a[data-document="{invoice.number}"][lang="{doc_lang}"]')
        response = page.context.request.get(live_server.url + link.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        texts[doc_lang] = pdf_text(response.body())
        stranger = page.context.browser.new_context().request.get(live_server.url + link.get_attribute("href"))
        assert stranger.status == 404
    for text in texts.values():
        assert invoice.number in text and order.merchant.ice in text and "001561191000066" in text
    assert "Facture" in texts["fr"] and "فاتورة"[::-1] in texts["ar"]  # Arabic shaped, extracted in visual order
