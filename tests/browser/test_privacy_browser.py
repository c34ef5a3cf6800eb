"""In Chromium, in Arabic, a buyer downloads a copy of their data [DP-ACCESS] and stops a store's offers
[DP-CONSENT]; platform staff see the request queue with its timer [DP-DSR-TIMER] (screenshots in fr and ar)."""

import io
import json
import zipfile

import pytest
from django.test import Client

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_merchant, make_product
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.privacy.services import consent_set, marketing_send_allowed
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "salma@example.ma"


@pytest.fixture
def buyer(django_user_model):
    store = make_merchant(name="Argania", slug="argania")
    shipping_defaults_ensure(merchants=[store])
    oil = make_product(store, fr="Huile d'argan", ar="زيت أركان", prices=("120.00",), stock=10)
    user = django_user_model.objects.create_user(EMAIL, "a-long-pass-phrase-9", full_name="سلمى بناني")
    cart = cart_create()
    cart.user = user
    cart.save(update_fields=["user"])
    cart_line_add(cart=cart, variant_id=oil.variants.get().pk, quantity=1)
    fill_details(cart, email=EMAIL)
    [order] = checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint,
                               user=user)
    consent_set(merchant_id=store.pk, email=EMAIL, channel="email", granted=True, source="checkout")
    return user, store, order


def signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_buyer_downloads_their_data_and_stops_offers_in_arabic(live_server, page, screenshot_dir, buyer,
                                                                django_user_model):
    user, store, order = buyer
    signed_in(page, live_server, user)
    page.goto(f"{live_server.url}/ar/privacy/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "معطياتي الشخصية"
    page.screenshot(path=str(screenshot_dir / "privacy-page-ar.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="تنزيل معطياتي").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    data = json.loads(archive.read("data.json"))
    orders = next(s for s in data["sections"] if s["key"] == "orders")
    assert [row["number"] for row in orders["rows"]] == [order.number]
    assert 'dir="rtl"' in archive.read("index.html").decode()

    page.get_by_role("button", name="إيقاف هذه العروض").click()
    page.wait_for_url(f"{live_server.url}/ar/privacy/")
    assert "لن تتلقى عروضا بهذه الوسيلة" in page.locator(".messages").inner_text()
    assert page.get_by_role("button", name="تلقي هذه العروض").first.is_visible()
    assert not marketing_send_allowed(merchant_id=store.pk, email=EMAIL)
    page.screenshot(path=str(screenshot_dir / "privacy-withdrawn-ar.png"), full_page=True)

    page.goto(f"{live_server.url}/fr/privacy/")
    page.screenshot(path=str(screenshot_dir / "privacy-page-fr.png"), full_page=True)

    staff = django_user_model.objects.create_user("dpo@tijara.ma", "x-strong-pass-1", is_staff=True)
    page.context.clear_cookies()
    signed_in(page, live_server, staff)
    for lang in ("fr", "ar"):
        page.goto(f"{live_server.url}/{lang}/dashboard/privacy/requests/?all=1")
        assert page.locator("table.dash-table tbody tr").count() == 1  # the access request, answered
        page.screenshot(path=str(screenshot_dir / f"privacy-requests-{lang}.png"), full_page=True)
        page.goto(f"{live_server.url}/{lang}/dashboard/privacy/register/?lang={lang}")
        page.screenshot(path=str(screenshot_dir / f"privacy-register-{lang}.png"), full_page=True)
