"""In Chromium: product names, addresses, notes and file names holding script tags, event handlers, SQL fragments
and right-to-left overrides are shown as the text that was typed, and no script of theirs runs — on the
storefront, in the back-office and on the HTML pages documents are printed from [SEC-WEB-XSS]. Every page also
runs under the Content-Security-Policy without a single violation [SEC-WEB-HEADERS]."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.dashboard.conftest import make_member, make_order
from tests.factories import make_category, make_merchant, make_product
from tijara.accounts.models import User
from tijara.catalog.models import ProductImage
from tijara.merchants.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RLO = "\u202e"
NAME = f"Huile <script>window.__xss='name'</script> {RLO}nagra' OR 1=1; --"
ADDRESS = f"3 Rue <img src=x onerror=\"window.__xss='address'\"> {RLO}sèF'; DROP TABLE orders_order; --"
NOTE = "<svg onload=\"window.__xss='note'\"></svg> rupture"
FILE_NAME = "\"><img src=x onerror=\"window.__xss='file'\">.png"


def session_cookie(user, base: str) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": base}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), "orange").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def hostile(tmp_path):
    settings.MEDIA_ROOT = tmp_path
    store = make_merchant(name="Argania", slug="argania")
    owner = make_member(store, Role.OWNER)
    buyer = User.objects.create_user("buyer@example.ma", "a long enough pass 42", full_name=NAME)
    product = make_product(store, category=make_category("beaute"), slug="huile", fr=NAME, ar=NAME)
    from tijara.catalog.services import product_image_add

    product_image_add(merchant=store, product_id=product.pk,
                      upload=SimpleUploadedFile(FILE_NAME, _png(), content_type="image/png"))
    order = make_order(store, number="ARG-000001", product=product)
    order.full_name, order.address_line, order.user = NAME, ADDRESS, buyer
    order.save(update_fields=["full_name", "address_line", "user"])
    owner_client = Client()
    owner_client.force_login(owner)
    owner_client.post("/fr/dashboard/orders/ARG-000001/", {"to_status": "cancelled", "reason": NOTE})
    return {"store": store, "owner": owner, "buyer": buyer, "product": product}


def visit(page, url: str, problems: list[str]) -> str:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")
    ran = page.evaluate("() => window.__xss || null")
    if ran:
        problems.append(f"{url}: the {ran} payload ran")
    return page.content()


def test_typed_markup_is_shown_as_text_and_never_runs(live_server, browser, hostile):
    base = live_server.url
    context = browser.new_context(locale="fr-FR")
    problems: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (problems.append(f"a dialog opened: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: problems.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    store, product = hostile["store"], hostile["product"]
    assert ProductImage.objects.filter(product=product).exists()

    # Storefront, as a visitor and as the buyer.
    for url in (f"/fr/store/{store.slug}/p/{product.slug}/", f"/ar/store/{store.slug}/p/{product.slug}/",
                f"/fr/store/{store.slug}/", "/fr/search/?q=huile", f"/fr/store/{store.slug}/terms/"):
        visit(page, base + url, problems)
    page.goto(f"{base}/fr/store/{store.slug}/p/{product.slug}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Huile <script>")  # the typed text
    context.add_cookies([session_cookie(hostile["buyer"], base)])
    visit(page, f"{base}/fr/account/", problems)
    html = visit(page, f"{base}/fr/account/orders/ARG-000001/", problems)
    assert "&lt;img src=x" in html and "&lt;script&gt;" in html  # the address and product name, escaped
    context.clear_cookies()

    # Back-office, and the delivery slip printed from HTML.
    context.add_cookies([session_cookie(hostile["owner"], base)])
    for url in ("/fr/dashboard/", "/fr/dashboard/orders/", "/fr/dashboard/orders/ARG-000001/",
                "/fr/dashboard/orders/ARG-000001/slip/", "/fr/dashboard/customers/",
                "/fr/dashboard/customers/client@example.ma/", "/fr/dashboard/products/",
                f"/fr/dashboard/products/{product.pk}/", "/ar/dashboard/orders/ARG-000001/"):
        visit(page, base + url, problems)
    page.goto(f"{base}/fr/dashboard/orders/ARG-000001/")
    assert page.get_by_text(ADDRESS, exact=False).count() >= 1  # the address as typed, markup and SQL included
    assert "<svg onload" in page.locator(".timeline").inner_text()
    context.close()
    assert problems == []
