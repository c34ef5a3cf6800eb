"""The product page's pre-contract information in Chromium, French and Arabic, phone and desktop widths
[CP-PRECONTRACT] [CP-ARABIC]."""

import pytest

from tests.factories import make_category, make_merchant, make_product
from tijara.catalog.models import NonWithdrawable, Product
from tijara.core.models import City

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def product(db):
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    store = make_merchant(name="Argania Souss", slug="argania-souss", legal_name="Coopérative Argania Souss SARL",
                          address="12, Avenue Hassan II, quartier industriel Tassila", licence="ONSSA AS.2020.77")
    made = make_product(store, category=beauty, fr="Huile d'argan alimentaire", ar="زيت أركان غذائي",
                        prices=("149.95", "279.95"), slug="huile-argan")
    Product.objects.filter(pk=made.pk).update(non_withdrawable=NonWithdrawable.PERISHABLE)
    return made


@pytest.mark.parametrize("lang, direction", [("fr", "ltr"), ("ar", "rtl")])
def test_product_page_precontract_fits_phone_and_desktop(live_server, browser, screenshot_dir, product, lang,
                                                        direction):
    """The visitor picks a city, sees its delivery terms, and nothing overflows sideways at 360 or 1280 px."""
    fes = City.objects.get(name_fr="Fès")
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/{lang}/store/argania-souss/p/huile-argan/")
        assert page.locator("html").get_attribute("dir") == direction
        page.select_option("#delivery-city", str(fes.pk))
        with page.expect_navigation():
            page.locator(".city-form button").click()
        assert page.locator(".deliveries").get_attribute("data-city") == str(fes.pk)
        assert page.locator(".no-withdrawal").is_visible()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{lang} at {width}px overflows by {overflow}px"
        page.screenshot(path=str(screenshot_dir / f"product-precontract-{lang}-{width}.png"), full_page=True)
        context.close()
