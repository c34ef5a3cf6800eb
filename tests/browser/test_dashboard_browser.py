"""In Chromium: a new owner signs up, a reviewer validates the store, the owner adds a product with French
and Arabic names, the product is on the storefront; dashboard home screenshots in French and Arabic."""

import re

import pytest
from django.core import mail

from tests.factories import ensure_reference_data, make_category
from tijara.accounts.models import User

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
    page.wait_for_url("**/fr/dashboard/onboarding/")
    link = re.search(r"https?://\S+/signup/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
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

    # 4. The owner adds a product named in French and Arabic.
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

    # 5. Screenshots of the dashboard home in French and Arabic.
    for lang, direction in (("fr", "ltr"), ("ar", "rtl")):
        page.goto(f"{base}/{lang}/dashboard/")
        assert page.locator("html").get_attribute("dir") == direction
        page.screenshot(path=str(screenshot_dir / f"dashboard-home-{lang}.png"), full_page=True)
