"""A visitor walks home -> store -> product -> search in Chromium, in French and in Arabic [CP-ARABIC]."""

import pytest

from tests.factories import make_category, make_merchant, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(db):
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    store = make_merchant(name="Argania Souss", slug="argania-souss", featured=True)
    make_product(store, category=beauty, fr="Huile d'argan cosmétique", ar="زيت أركان تجميلي", en="Cosmetic argan oil",
                 prices=("149.95", "279.95"), slug="huile-argan")
    make_product(store, category=beauty, fr="Savon noir beldi", ar="الصابون البلدي", en="Beldi black soap",
                 prices=("35.00",), slug="savon-noir")
    return store


@pytest.mark.parametrize("lang,direction,product_name,search_label", [
    ("fr", "ltr", "Huile d'argan cosmétique", "Rechercher"),
    ("ar", "rtl", "زيت أركان تجميلي", "بحث"),
])
def test_visitor_browses_home_store_product_and_search(live_server, page, screenshot_dir, catalogue, lang,
                                                       direction, product_name, search_label):
    page.goto(f"{live_server.url}/{lang}/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("html").get_attribute("lang") == lang
    page.screenshot(path=str(screenshot_dir / f"storefront-home-{lang}.png"), full_page=True)

    page.get_by_role("link", name="Argania Souss").first.click()
    page.wait_for_url(f"**/{lang}/store/argania-souss/")
    page.get_by_role("link", name=product_name).first.wait_for()
    page.screenshot(path=str(screenshot_dir / f"storefront-store-{lang}.png"), full_page=True)

    page.get_by_role("link", name=product_name).first.click()
    page.wait_for_url(f"**/{lang}/store/argania-souss/p/huile-argan/")
    assert page.locator("h1.product-title").inner_text() == product_name
    assert "MAD" in page.locator(".price.big").inner_text() or "د.م." in page.locator(".price.big").inner_text()
    page.screenshot(path=str(screenshot_dir / f"storefront-product-{lang}.png"), full_page=True)

    page.fill("#q", "huile ARGAN")
    page.get_by_role("button", name=search_label).click()
    page.wait_for_url(f"**/{lang}/search/?q=huile+ARGAN")
    assert page.locator(".product-card").count() == 1
    assert product_name in page.locator(".product-card h3").inner_text()
    page.screenshot(path=str(screenshot_dir / f"storefront-search-{lang}.png"), full_page=True)

    if direction == "rtl":
        # the brand sits at the right edge and the search field to its left: the header mirrors
        brand = page.locator(".brand").bounding_box()
        search = page.locator("#q").bounding_box()
        assert brand["x"] > search["x"]


def test_language_switcher_keeps_the_page(live_server, page, catalogue):
    page.goto(f"{live_server.url}/fr/store/argania-souss/p/huile-argan/")
    page.locator(".lang-switch a[lang=ar]").click()
    page.wait_for_url("**/ar/store/argania-souss/p/huile-argan/")
    assert page.locator("h1.product-title").inner_text() == "زيت أركان تجميلي"
