"""A guest buys two products from two stores with cash on delivery in Chromium, in French and in Arabic:
adds to cart, fills the details, corrects a quantity on the recap [CP-RECAP], confirms, sees the order numbers,
and the acknowledgement e-mail files [EC-ACK] carry the order number and total."""

import email
from pathlib import Path

import pytest

from tests.factories import make_category, make_merchant, make_product
from tijara.core.models import City
from tijara.core.money import format_mad
from tijara.orders.models import Order
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_stores(db):
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    argan = make_merchant(name="Argania", slug="argania")
    zellige = make_merchant(name="Zellige Fès", slug="zellige-fes", region_code=3)
    shipping_defaults_ensure(merchants=[argan, zellige])
    oil = make_product(argan, category=beauty, fr="Huile d'argan", ar="زيت أركان", prices=("120.00",), stock=10,
                       slug="huile-argan")
    tile = make_product(zellige, category=beauty, fr="Carreau de zellige", ar="زليج", prices=("80.00",), stock=10,
                        slug="carreau", vat_class="reduced_10")
    return {"oil": oil, "tile": tile}


@pytest.fixture
def mail_dir(settings, tmp_path) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return settings.EMAIL_FILE_PATH


def mail_texts(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    texts.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
    return texts


@pytest.mark.parametrize("lang,direction,confirm_label", [
    ("fr", "ltr", "Confirmer la commande avec obligation de paiement"),
    ("ar", "rtl", "تأكيد الطلب مع الالتزام بالأداء"),
])
def test_guest_buys_two_products_cod_and_corrects_quantity_on_recap(
        live_server, page, screenshot_dir, two_stores, mail_dir, lang, direction, confirm_label):
    base = f"{live_server.url}/{lang}"
    page.goto(f"{base}/store/argania/p/huile-argan/")
    page.locator(".add-to-cart button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/cart/")
    page.goto(f"{base}/store/zellige-fes/p/carreau/")
    page.fill("#add-quantity", "3")
    page.locator(".add-to-cart button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/cart/")
    assert page.locator("section.store-block").count() == 2
    assert page.locator("html").get_attribute("dir") == direction
    page.screenshot(path=str(screenshot_dir / f"checkout-cart-{lang}.png"), full_page=True)

    page.locator("a.button[href$='/checkout/']").click()
    page.wait_for_url(f"**/{lang}/checkout/")
    casa = City.objects.get(name_fr="Casablanca")
    page.fill("#id_full_name", "Salma Bennani")
    page.fill("#id_phone", "06 12 34 56 78")
    page.fill("#id_email", "salma@example.ma")
    page.fill("#id_address_line", "12 Rue Ibn Batouta, Maârif")
    page.select_option("#id_city", str(casa.pk))
    page.select_option("#id_region", "6")
    page.screenshot(path=str(screenshot_dir / f"checkout-details-{lang}.png"), full_page=True)
    page.locator(".checkout-form button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/checkout/recap/")

    # The customer corrects the zellige quantity (3 → 1) on the recap itself.
    tiles = page.locator("section[data-store='zellige-fes']")
    tiles.locator("input[type=number]").fill("1")
    tiles.locator("button[value=update]").click()
    page.wait_for_url(f"**/{lang}/checkout/recap/")
    assert page.locator("section[data-store='zellige-fes'] input[type=number]").input_value() == "1"
    assert "ICE" in page.locator("section[data-store='argania'] .seller-identity").inner_text()
    page.screenshot(path=str(screenshot_dir / f"checkout-recap-{lang}.png"), full_page=True)
    assert Order.objects.count() == 0  # nothing binding before the explicit confirmation

    page.get_by_role("button", name=confirm_label).click()
    page.wait_for_url(f"**/{lang}/checkout/done/**")
    numbers = sorted(page.locator(".order-number").all_inner_texts())
    assert numbers == ["ARG-000001", "ZEL-000001"]
    page.screenshot(path=str(screenshot_dir / f"checkout-done-{lang}.png"), full_page=True)

    orders = {o.number: o for o in Order.objects.all()}
    assert orders["ZEL-000001"].lines.get().quantity == 1
    texts = mail_texts(mail_dir)
    assert len(texts) == 2
    for number, order in orders.items():
        body = next(t for t in texts if number in t)
        assert format_mad(order.total, lang) in body
