"""A visitor opens a store's terms of sale from a product page, in French and in Arabic (right to left)
[CP-TERMS]."""

import pytest

from tests.factories import make_category, make_merchant, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def store(db):
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    store = make_merchant(name="Argania Souss", slug="argania-souss")
    make_product(store, category=beauty, fr="Huile d'argan cosmétique", ar="زيت أركان تجميلي", prices=("149.95",),
                 slug="huile-argan")
    return store


@pytest.mark.parametrize("lang,direction,link,heading", [
    ("fr", "ltr", "Conditions générales de vente", "Article 7 — Droit de rétractation"),
    ("ar", "rtl", "الشروط العامة للبيع", "المادة 7 — حق التراجع"),
])
def test_visitor_reads_the_terms_from_a_product_page(live_server, page, screenshot_dir, store, lang, direction,
                                                     link, heading):
    page.goto(f"{live_server.url}/{lang}/store/argania-souss/p/huile-argan/")
    page.locator("nav.store-legal").get_by_role("link", name=link, exact=True).click()
    page.wait_for_url(f"**/{lang}/store/argania-souss/terms/")
    assert page.locator("html").get_attribute("dir") == direction
    title = page.get_by_role("heading", name=heading)
    title.wait_for()
    page.screenshot(path=str(screenshot_dir / f"terms-{lang}.png"), full_page=True)
    box, text = title.bounding_box(), page.locator("article.terms").bounding_box()
    if direction == "rtl":  # headings start at the right edge of the text
        assert box["x"] + box["width"] > text["x"] + text["width"] - 40
    else:
        assert box["x"] < text["x"] + 40
