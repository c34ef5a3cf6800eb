# ruff: noqa: F811  (fixtures imported from tests/storefront/card_helpers.py and tests/gateway.py are requested by name)
"""Card payments in Chromium against the gateway simulator running as a real process:
- a guest pays a two-store basket by card in Arabic; the callback comes late, the page says "payment being
  confirmed" and then "paid" by itself; both orders are captured, each with its share;
- another guest's card is declined; the fail page says why and the guest pays cash on delivery instead, the
  orders kept;
- a merchant refunds half of a card-paid order from the back-office (the money goes back through the
  simulator) and the store's ledger shows the refund.
Screenshots of the pay page, the confirming page and the refund form, in Arabic and French."""

import re
from decimal import Decimal

import pytest

from tests.dashboard.conftest import make_member
from tests.factories import make_category, make_merchant, make_product
from tests.gateway import gateway_simulator, gateway_simulator_process  # noqa: F401  (fixtures)
from tijara.core.models import City
from tijara.core.money import format_mad
from tijara.merchants.models import Role
from tijara.orders.models import Order
from tijara.payments.models import Payment
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPROVED, DECLINED = "4111111111111111", "4000000000000002"
CONFIRM = {"fr": "Confirmer la commande avec obligation de paiement", "ar": "تأكيد الطلب مع الالتزام بالأداء"}
PASSWORD = "a long enough pass 42"


@pytest.fixture
def two_stores(db):
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    argan = make_merchant(name="Argania", slug="argania")
    zellige = make_merchant(name="Zellige Fès", slug="zellige-fes", region_code=3)
    shipping_defaults_ensure(merchants=[argan, zellige])
    make_product(argan, category=beauty, fr="Huile d'argan", ar="زيت أركان", prices=("120.00",), stock=10,
                 slug="huile-argan")
    make_product(zellige, category=beauty, fr="Carreau de zellige", ar="زليج", prices=("80.00",), stock=10,
                 slug="carreau", vat_class="reduced_10")
    owner = make_member(argan, Role.OWNER, email="owner@argania.ma")
    owner.set_password(PASSWORD)
    owner.save()
    return {"argan": argan, "zellige": zellige, "owner": owner}


def buy_by_card(page, base: str, lang: str, *, both: bool = True, js: bool = True) -> str:
    """Fill a basket (one or two stores), choose the card and confirm; returns the pay page's URL."""
    page.goto(f"{base}/{lang}/store/argania/p/huile-argan/")
    page.locator(".add-to-cart button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/cart/")
    if both:
        page.goto(f"{base}/{lang}/store/zellige-fes/p/carreau/")
        page.locator(".add-to-cart button[type=submit]").click()
        page.wait_for_url(f"**/{lang}/cart/")
    page.goto(f"{base}/{lang}/checkout/")
    casa = City.objects.get(name_fr="Casablanca")
    page.fill("#id_full_name", "Salma Bennani")
    page.fill("#id_phone", "06 12 34 56 78")
    page.fill("#id_email", "salma@example.ma")
    page.fill("#id_address_line", "12 Rue Ibn Batouta, Maârif")
    page.select_option("#id_city", str(casa.pk))
    page.select_option("#id_region", "6")
    page.check("input[name=payment_method][value=card]")
    page.locator(".checkout-form button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/checkout/recap/")
    page.get_by_role("button", name=CONFIRM[lang]).click()
    if js:  # the pay page posts the signed form to the gateway at once
        page.wait_for_url(re.compile(r".*/fim/est3Dgate$"))
    else:  # the pay page waits for its button
        page.wait_for_url(f"**/{lang}/checkout/pay/**")
    group = Order.objects.values_list("checkout_group", flat=True).order_by("-pk").first()
    return f"{base}/{lang}/checkout/pay/{group}/"


def screenshot_pay_page(browser, pay_url: str, lang: str, screenshot_dir) -> None:
    """The pay page as a browser without JavaScript sees it (with JavaScript it leaves at once)."""
    from tijara.payments.access import checkout_access_key as access_key

    group = pay_url.rstrip("/").rsplit("/", 1)[1]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{pay_url}?k={access_key(group)}")
        button = tab.locator("form#gateway-form button[type=submit]")
        assert button.is_visible()
        assert tab.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert_no_overflow(tab)
        tab.screenshot(path=str(screenshot_dir / f"card-pay-{lang}.png"), full_page=True)
    finally:
        context.close()


def assert_no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal overflow"


def pay_on_gateway(page, number: str) -> None:
    page.fill("#card_number", number)
    page.fill("#card_expiry", "12/30")
    page.fill("#card_cvv", "123")
    page.locator("button[name=pay]").click()


def test_guest_pays_two_stores_by_card_in_arabic(live_server, page, browser, screenshot_dir, two_stores,
                                                gateway_simulator):
    gateway_simulator.control("late", delay=3)
    pay_url = buy_by_card(page, live_server.url, "ar")
    assert page.locator("html").get_attribute("lang") == "ar"  # the gateway's page in the buyer's language
    screenshot_pay_page(browser, pay_url, "ar", screenshot_dir)

    pay_on_gateway(page, APPROVED)
    page.wait_for_url(re.compile(r".*/ar/checkout/pay/[0-9a-f-]+/ok/.*"))
    waiting = page.locator("#pay-state [data-state]")
    assert waiting.get_attribute("data-state") == "pending"
    assert "جارٍ تأكيد الأداء" in page.locator("h2.pay-verdict").inner_text()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_overflow(page)
    page.screenshot(path=str(screenshot_dir / "card-confirming-ar.png"), full_page=True)
    url_before = page.url

    # The late callback arrives; the page turns to "paid" without a reload.
    page.locator("#pay-state [data-state=paid]").wait_for(timeout=20_000)
    assert page.url == url_before
    assert "تم استلام الأداء" in page.locator("h2.pay-verdict").inner_text()
    page.screenshot(path=str(screenshot_dir / "card-paid-ar.png"), full_page=True)
    payments = Payment.objects.select_related("order").order_by("order__number")
    assert [(p.order.number, p.status, p.captured_amount) for p in payments] == [
        (p.order.number, "captured", p.order.total) for p in payments]
    assert len(payments) == 2 and {p.card_origin for p in payments} == {"domestic"}
    replies = [c["reply"] for c in gateway_simulator.callbacks()]
    assert replies == ["ACTION=POSTAUTH"]


def test_declined_card_then_cash_on_delivery_keeps_the_orders(live_server, browser, screenshot_dir, two_stores,
                                                               gateway_simulator):
    """Without JavaScript, too: the pay page's button, the gateway's return button, no polling needed."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        buy_by_card(page, live_server.url, "fr", js=False)
        assert_no_overflow(page)
        page.screenshot(path=str(screenshot_dir / "card-pay-fr.png"), full_page=True)
        page.locator("form#gateway-form button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/fim/est3Dgate$"))
        pay_on_gateway(page, DECLINED)
        page.locator("form#return button[type=submit]").click()  # the gateway's page sends the buyer back
        page.wait_for_url(re.compile(r".*/fr/checkout/pay/[0-9a-f-]+/fail/.*"))
        assert page.locator("#pay-state [data-state]").get_attribute("data-state") == "declined"
        assert "Votre banque a refusé le paiement." in page.content()
        assert page.locator("button.retry-card").is_visible()
        page.screenshot(path=str(screenshot_dir / "card-declined-fr.png"), full_page=True)

        page.locator("button.switch-cod").click()
        page.wait_for_url("**/fr/checkout/done/**")
        assert sorted(page.locator(".order-number").all_inner_texts()) == ["ARG-000001", "ZEL-000001"]
        assert "Paiement à la livraison" in page.content()
    finally:
        context.close()
    assert set(Payment.objects.values_list("provider", "status")) == {("cod", "pending")}
    assert set(Order.objects.values_list("status", "payment_method")) == {("placed", "cod")}


def test_merchant_refunds_half_a_card_order_and_the_ledger_shows_it(live_server, page, screenshot_dir, two_stores,
                                                                   gateway_simulator):
    gateway_simulator.control("late", delay=2)
    buy_by_card(page, live_server.url, "fr", both=False)
    pay_on_gateway(page, APPROVED)
    page.locator("#pay-state [data-state=pending]").wait_for()
    page.screenshot(path=str(screenshot_dir / "card-confirming-fr.png"), full_page=True)
    page.locator("#pay-state [data-state=paid]").wait_for(timeout=20_000)
    order = Order.objects.get()
    half = (order.total / 2).quantize(Decimal("0.01"))

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/fr/dashboard/login/")
    page.fill("#id_username", "owner@argania.ma")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/fr/dashboard/**")
    for lang in ("fr", "ar"):  # the French form is looked at, the Arabic one is used
        page.goto(f"{live_server.url}/{lang}/dashboard/orders/{order.number}/")
        form = page.locator("form.refund-form")
        assert form.locator("input[name=amount]").input_value() == f"{order.total:.2f}"
        form.locator("input[name=amount]").fill(f"{half:.2f}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert_no_overflow(page)
        page.locator("#payment").screenshot(path=str(screenshot_dir / f"card-refund-form-{lang}.png"))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/ar/dashboard/orders/{order.number}/")
    assert page.locator("[data-payment-status]").get_attribute("data-payment-status") == "partially_refunded"
    payment = Payment.objects.get()
    assert payment.refunded_amount == half and payment.captured_amount == order.total
    assert gateway_simulator.payments()[payment.reference]["refunded"] == f"{half:.2f}"  # through the gateway

    page.get_by_role("link", name="حسابك مع المنصة (دفتر الحسابات)").click()
    page.wait_for_url("**/ar/dashboard/ledger/")
    ledger = page.locator("main").inner_text()
    assert order.number in ledger and format_mad(half, "ar") in ledger  # the refund, in the store's ledger
    page.screenshot(path=str(screenshot_dir / "card-ledger-ar.png"), full_page=True)
