"""A guest finds an order above 10,000 MAD, in French and in Arabic: the page marks it as written electronic proof
and the archived contract downloads as a ZIP whose records verify with the platform's key
[EC-ARCHIVE-ACCESS] [EC-WRITTEN-PROOF]."""

import io
import json
import zipfile

import pytest

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_category, make_merchant, make_product
from tijara.archive import signing
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def big_order(db) -> Order:
    crafts = make_category("artisanat", fr="Artisanat", ar="الصناعة التقليدية", en="Crafts")
    atlas = make_merchant(name="Tapis Atlas", slug="tapis-atlas")
    shipping_defaults_ensure(merchants=[atlas])
    rug = make_product(atlas, category=crafts, fr="Tapis Beni Ouarain", ar="زربية بني وراين", prices=("12500.00",),
                       stock=2)
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=rug.variants.get().pk, quantity=1)
    fill_details(cart)
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)[0]


@pytest.mark.parametrize("lang, direction, mark, button", [
    ("fr", "ltr", "Preuve écrite électronique (DOC art. 443)", "Afficher ma commande"),
    ("ar", "rtl", "إثبات كتابي إلكتروني (ق.ل.ع الفصل 443)", "عرض طلبيتي"),
])
def test_guest_downloads_the_signed_archive_of_a_large_order(live_server, page, screenshot_dir, big_order, lang,
                                                             direction, mark, button):
    page.goto(f"{live_server.url}/{lang}/orders/find/")
    page.fill("#number", big_order.number)
    page.fill("#email", "salma@example.ma")
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"**/{lang}/orders/{big_order.number}/")
    assert page.locator("html").get_attribute("dir") == direction
    assert mark in page.locator("[data-written-proof]").inner_text()
    link = page.locator("[data-contract-download]")
    page.screenshot(path=str(screenshot_dir / f"order-archive-{lang}.png"), full_page=True)
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert download.value.suggested_filename == f"contract-{big_order.number}.zip"
    bundle = zipfile.ZipFile(io.BytesIO(open(path, "rb").read()))
    placement = json.loads(bundle.read("records.json"))[0]
    assert placement["payload"]["written_proof"] is True
    assert signing.signature_valid(signing.public_key_from_b64(bundle.read("public_key.b64").decode()),
                                   placement["record_hash"], placement["signature"])
    stranger = page.context.browser.new_context().request.get(live_server.url + link.get_attribute("href"))
    assert stranger.status == 404
