"""In Chromium, debug off: a merchant uploads two photos of a product in the back-office; a visitor then sees the
photo decoded (naturalWidth > 0, the WebP copy chosen from the srcset) on the store's product card and in the
product page's gallery, and beside the line in the cart, in French and in Arabic. Screenshots of each page."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from tests.browser.test_xss_browser import session_cookie
from tests.dashboard.conftest import make_member
from tests.factories import make_category, make_merchant, make_product
from tijara.catalog.models import ProductImage
from tijara.merchants.models import Role
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_PHOTOS_DECODED = """(selector) => {
  const images = [...document.querySelectorAll(selector)];
  return images.length > 0 && images.every(i => i.complete && i.naturalWidth > 0);
}"""


def bottle(colour: str, background: str) -> bytes:
    """A recognisable test photo: a bottle on a plain background, 1600 × 1200."""
    image = Image.new("RGB", (1600, 1200), background)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((620, 380, 980, 1100), radius=60, fill=colour)
    draw.rectangle((730, 200, 870, 390), fill=colour)
    draw.rectangle((710, 150, 890, 220), fill="#3b2a1a")
    draw.rectangle((660, 640, 940, 860), fill="#f5ecd7")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def shop(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path
    store = make_merchant(name="Argania", slug="argania")
    shipping_defaults_ensure(merchants=[store])
    category = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    product = make_product(store, category=category, slug="huile", fr="Huile d'argan cosmétique",
                           ar="زيت أركان تجميلي", prices=("150.00",))
    make_product(store, category=category, slug="savon", fr="Savon noir", ar="الصابون البلدي", prices=("35.00",))
    return {"store": store, "product": product, "owner": make_member(store, Role.OWNER)}


def test_uploaded_photos_show_on_card_and_product_page_in_french_and_arabic(live_server, browser, shop,
                                                                             screenshot_dir):
    base, product = live_server.url, shop["product"]
    # 1. The owner uploads two photos in the back-office.
    owner = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    owner.add_cookies([session_cookie(shop["owner"], base)])
    page = owner.new_page()
    page.set_default_timeout(15_000)
    for name, photo in (("huile.jpg", bottle("#c98a1b", "#e9eef2")), ("flacon.jpg", bottle("#2f6f4e", "#f4e9dc"))):
        page.goto(f"{base}/fr/dashboard/products/{product.pk}/")
        page.set_input_files("#id_image", files=[{"name": name, "mimeType": "image/jpeg", "buffer": photo}])
        with page.expect_navigation():
            page.get_by_role("button", name="Envoyer").click()
        assert "Image ajoutée" in page.locator(".messages").inner_text()
    page.wait_for_function(ALL_PHOTOS_DECODED, arg=".dash-thumb img")
    assert page.locator(".dash-thumb img").count() == 2
    owner.close()
    photos = list(ProductImage.objects.filter(product=product))
    assert len(photos) == 2 and all(default_storage.exists(s["webp"]) for p in photos for s in p.sizes)

    failed: list[str] = []  # photo requests that did not succeed, in either language
    # 2. A visitor sees them on the store's card and in the product page's gallery, in French and Arabic.
    for language in ("fr", "ar"):
        visitor = browser.new_context(viewport={"width": 1280, "height": 900}, locale=f"{language}-MA")
        page = visitor.new_page()
        page.set_default_timeout(15_000)
        page.on("response", lambda r, failed=failed: failed.append(f"{r.status} {r.url}")
                if "/media/" in r.url and r.status not in (200, 304) else None)  # 304: revalidated copy

        page.goto(f"{base}/{language}/store/argania/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        page.wait_for_function(ALL_PHOTOS_DECODED, arg=".product-card picture img")
        card = page.locator(".product-card picture img")
        assert card.count() == 1  # the other product keeps its letter tile
        assert page.locator(".product-card div.thumb").count() == 1
        assert card.evaluate("i => i.currentSrc").endswith(".webp")
        assert card.evaluate("i => i.naturalWidth") <= 960  # a copy sized for the card, not the 1600 px original
        page.screenshot(path=str(screenshot_dir / f"photos-store-{language}.png"), full_page=False)

        page.goto(f"{base}/{language}/store/argania/p/huile/")
        page.wait_for_function(ALL_PHOTOS_DECODED, arg=".gallery-slides li:first-child img, .gallery-thumbs img")
        main = page.locator(".gallery-slides li:first-child img")
        assert main.evaluate("i => i.naturalWidth") > 0 and main.evaluate("i => i.currentSrc").endswith(".webp")
        assert main.get_attribute("width") == "1600" and main.get_attribute("height") == "1200"
        assert page.locator(".gallery-thumbs a").count() == 2
        assert main.get_attribute("alt").startswith(product.name_ar if language == "ar" else product.name_fr)
        page.screenshot(path=str(screenshot_dir / f"photos-product-{language}.png"), full_page=False)
        page.locator(".gallery-thumbs a").nth(1).click()  # a thumbnail brings its photo into the strip
        page.wait_for_function("() => Math.abs(document.querySelector('.gallery-slides').scrollLeft) > 100")

        # The cart shows the photo as a thumbnail beside the line.
        with page.expect_navigation():
            page.locator("form.add-to-cart button[type=submit]").click()
        page.goto(f"{base}/{language}/cart/")
        page.wait_for_function(ALL_PHOTOS_DECODED, arg=".line-thumb img")
        page.screenshot(path=str(screenshot_dir / f"photos-cart-{language}.png"), full_page=False)
        assert failed == []
        visitor.close()
