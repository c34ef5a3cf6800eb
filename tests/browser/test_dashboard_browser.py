"""In Chromium: a new owner signs up, opens the e-mailed link and signs in, a reviewer validates the store, the
owner sets a delivery fee in the settings, then adds a product with French and Arabic names and the product is on the storefront; dashboard
home screenshots in French and Arabic. A customer buys the product with cash on delivery through the
storefront pages and is charged that fee, and the owner confirms and ships the order in the dashboard."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from tests.factories import ensure_reference_data, make_category
from tijara.accounts.models import User
from tijara.core.models import City
from tijara.orders.models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RIB = "011519000001205000534921"


@pytest.fixture
def platform(db):
    ensure_reference_data()
    make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    return User.objects.create_user("reviewer@tijara.ma", "reviewer pass 2024!", is_staff=True)


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/fr/dashboard/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Se connecter").click()


def test_owner_signs_up_is_validated_and_publishes_a_product(live_server, browser, page, screenshot_dir, platform):
    base = live_server.url
    # 1. The owner creates an account and confirms the email with the emailed link.
    page.goto(f"{base}/fr/dashboard/signup/")
    page.fill("#id_full_name", "Fatima Zahra")
    page.fill("#id_email", "fatima@tifawin.ma")
    page.fill("#id_password", "argan oil from souss 2024")
    page.get_by_role("button", name="Créer mon compte").click()
    # Not signed in yet: the same answer a taken address would get [SEC-AUTH-ENUMERATION].
    page.wait_for_url("**/fr/dashboard/login/?next=*")
    assert "Nous avons envoyé un e-mail" in page.locator(".messages").inner_text()
    link = re.search(r"https?://\S+/signup/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.wait_for_url("**/fr/dashboard/login/?next=*")
    assert "confirmée" in page.locator(".messages").inner_text()
    page.fill("#id_username", "fatima@tifawin.ma")
    page.fill("#id_password", "argan oil from souss 2024")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/fr/dashboard/onboarding/")
    # 2. The company: first saved half-way, then completed and submitted.
    page.fill("#id_legal_name", "Tifawin SARL")
    page.fill("#id_store_name", "Tifawin")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et terminer plus tard").click()
    page.goto(f"{base}/fr/dashboard/onboarding/")
    assert page.input_value("#id_legal_name") == "Tifawin SARL"
    page.select_option("#id_legal_form", "sarl")
    page.fill("#id_ice", "001561191000066")
    page.fill("#id_rc_number", "98765")
    page.fill("#id_rc_tribunal", "Agadir")
    page.fill("#id_if_number", "1234567")
    page.fill("#id_professional_tax", "52012345")
    page.fill("#id_cndp_receipt", "D-GC-123/2024")
    page.fill("#id_address", "12 Avenue Hassan II")
    page.select_option("#id_region", "9")
    page.select_option("#id_city", label="Agadir")
    page.select_option("#id_sector", "cosmetics")
    page.fill("#id_phone", "0612345678")
    page.fill("#id_email", "contact@tifawin.ma")
    page.fill("#id_rib", RIB)
    page.get_by_role("button", name="Soumettre pour validation").click()
    page.wait_for_url("**/fr/dashboard/")
    assert "attend" in page.locator(".notice").inner_text()

    # 3. A reviewer validates it, in another browser context.
    reviewer = browser.new_context(locale="fr-FR").new_page()
    sign_in(reviewer, base, "reviewer@tijara.ma", "reviewer pass 2024!")
    reviewer.goto(f"{base}/fr/dashboard/review/")
    reviewer.get_by_role("link", name="Tifawin").click()
    reviewer.select_option("select[name=action]", "validate")
    reviewer.get_by_role("button", name="Enregistrer la décision").click()
    assert "Validé" in reviewer.locator("h1").inner_text()
    reviewer.context.close()

    # 4. The owner offers home delivery: 39 MAD anywhere, 25 MAD to Casablanca (settings → delivery methods);
    #    a store publishes products only once it delivers.
    page.goto(f"{base}/fr/dashboard/settings/")
    page.get_by_role("link", name="Ajouter un mode de livraison").click()
    page.wait_for_url("**/fr/dashboard/settings/shipping/new/")
    page.select_option("#id_kind", "home")
    page.fill("#id_name_fr", "Livraison Amana")
    page.fill("#id_name_ar", "التوصيل أمانة")
    page.fill("#id_base_fee", "39.00")
    page.fill("#id_delivery_days_max", "4")
    page.select_option("#id_zones-0-city", label="Casablanca")
    page.fill("#id_zones-0-fee", "25.00")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/fr/dashboard/settings/shipping/*/")
    page.goto(f"{base}/fr/dashboard/settings/")
    assert "Livraison Amana" in page.locator("table.shipping-methods").inner_text()
    page.screenshot(path=str(screenshot_dir / "dashboard-shipping-settings-fr.png"), full_page=True)

    # 4b. The owner publishes the model terms of sale, the last item of the home checklist [CP-SHOP-COMPLETE].
    page.goto(f"{base}/fr/dashboard/")
    page.locator("[data-missing=terms] a").click()
    page.wait_for_url("**/fr/dashboard/terms/")
    page.locator("button[name=publish]").click()
    page.wait_for_url("**/fr/dashboard/terms/")
    page.goto(f"{base}/fr/dashboard/")
    assert page.locator(".checklist").count() == 0

    # 5. The owner adds a product named in French and Arabic: published, since the store now delivers and its
    #    identity and terms are complete.
    page.goto(f"{base}/fr/dashboard/products/new/")
    page.fill("#id_name_fr", "Huile d'argan bio")
    page.fill("#id_name_ar", "زيت أركان عضوي")
    page.select_option("#id_category", label="Beauté")
    page.fill("#id_variants-0-sku", "TIF-ARG-1")
    page.fill("#id_variants-0-price", "149.00")
    page.fill("#id_variants-0-stock", "12")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Voir sur la boutique").click()
    assert page.locator("h1").first.inner_text() == "Huile d'argan bio"
    page.goto(page.url.replace("/fr/", "/ar/"))
    assert "زيت أركان عضوي" in page.locator("h1").first.inner_text()

    product_url = page.url.replace("/ar/", "/fr/")

    for lang, direction in (("fr", "ltr"), ("ar", "rtl")):
        page.goto(f"{base}/{lang}/dashboard/")
        assert page.locator("html").get_attribute("dir") == direction
        page.screenshot(path=str(screenshot_dir / f"dashboard-home-{lang}.png"), full_page=True)

    # 6. A customer buys the product with cash on delivery through the storefront pages.
    shopper = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    shopper.set_default_timeout(15_000)
    shopper.goto(product_url)
    shopper.locator(".add-to-cart button[type=submit]").click()
    shopper.wait_for_url("**/fr/cart/")
    assert "Huile d'argan bio" in shopper.locator("section.store-block").inner_text()
    shopper.locator("a.button[href$='/checkout/']").click()
    shopper.wait_for_url("**/fr/checkout/")
    casa = City.objects.get(name_fr="Casablanca")
    shopper.fill("#id_full_name", "Salma Bennani")
    shopper.fill("#id_phone", "06 12 34 56 78")
    shopper.fill("#id_email", "salma@example.ma")
    shopper.fill("#id_address_line", "12 Rue Ibn Batouta, Maârif")
    shopper.select_option("#id_city", str(casa.pk))
    shopper.select_option("#id_region", str(casa.region_id))
    shopper.locator(".checkout-form button[type=submit]").click()
    shopper.wait_for_url("**/fr/checkout/recap/")
    assert "Livraison Amana" in shopper.locator("section[data-store='tifawin']").inner_text()
    shopper.screenshot(path=str(screenshot_dir / "dashboard-flow-recap-fr.png"), full_page=True)
    shopper.get_by_role("button", name="Confirmer la commande avec obligation de paiement").click()
    shopper.wait_for_url("**/fr/checkout/done/**")
    (number,) = shopper.locator(".order-number").all_inner_texts()
    shopper.context.close()
    order = Order.objects.get(number=number)
    assert order.shipping_fee == Decimal("25.00")  # the Casablanca fee set in the dashboard
    assert order.total == Decimal("174.00") and order.payment_method == "cod"

    # 7. The owner confirms the order (customer reached by phone), then ships it.
    page.goto(f"{base}/fr/dashboard/orders/")
    page.get_by_role("link", name=number).click()
    page.wait_for_url(f"**/fr/dashboard/orders/{number}/")
    assert page.locator("h1 .badge").inner_text() == "Passée"
    for status, label in (("confirmed", "Confirmée par téléphone"), ("shipped", "Expédiée")):
        with page.expect_navigation():
            page.locator(f"button[name=to_status][value={status}]").click()
        assert page.locator("h1 .badge").inner_text() == label
        assert "Commande mise à jour." in page.locator(".messages").inner_text()
        page.screenshot(path=str(screenshot_dir / f"dashboard-order-{status}-fr.png"), full_page=True)
    assert Order.objects.get(number=number).status == "shipped"
    assert page.locator("button[name=to_status][value=delivered]").count() == 1
