"""In Chromium: a store owner signs in to the back-office, is taken to two-step enrolment, scans (reads) the QR
code's key, turns it on, keeps the recovery codes, and the next sign-in asks for the app's code [SEC-AUTH-2FA].
Screenshots of the enrolment and code pages in French and Arabic."""

import re
import time

import pyotp
import pytest

from tests.factories import make_merchant
from tijara.accounts.models import TwoFactorDevice, User
from tijara.merchants.models import MerchantMembership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "argan oil from souss 2024"


@pytest.fixture
def owner(settings):
    settings.TIJARA_TWO_FACTOR_REQUIRED = True
    user = User.objects.create_user("fatima@tifawin.ma", PASSWORD, full_name="Fatima Zahra")
    MerchantMembership.objects.create(merchant=make_merchant(name="Tifawin"), user=user, role=Role.OWNER)
    return user


def sign_in(page, base: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/dashboard/login/")
    page.fill("#id_username", "fatima@tifawin.ma")
    page.fill("#id_password", PASSWORD)
    page.locator("form.dash-form button[type=submit]").click()


def test_owner_enrols_then_signs_in_with_the_code(live_server, browser, page, screenshot_dir, owner):
    base = live_server.url
    sign_in(page, base, "fr")
    page.wait_for_url("**/fr/account/security/two-factor/**")
    assert page.locator(".qr svg").count() == 1
    page.screenshot(path=str(screenshot_dir / "two-factor-enrol-fr.png"), full_page=True)
    secret = page.locator(".secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.fill("#id_code", "123456" if pyotp.TOTP(secret).now() != "123456" else "654321")
    page.get_by_role("button", name="Activer").click()
    assert page.locator(".error").count() == 1  # a wrong code is refused, the same key stays
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activer").click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=str(screenshot_dir / "two-factor-recovery-codes-fr.png"), full_page=True)
    page.get_by_role("link", name="Je les ai gardés, continuer").click()
    page.wait_for_url("**/fr/dashboard/")
    assert TwoFactorDevice.objects.filter(user=owner).exists()

    # Another browser, in Arabic: the password, then the code page.
    context = browser.new_context(locale="ar-MA", viewport={"width": 1280, "height": 900})
    arabic = context.new_page()
    sign_in(arabic, base, "ar")
    arabic.wait_for_url("**/account/login/code/")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    arabic.screenshot(path=str(screenshot_dir / "two-factor-code-ar.png"), full_page=True)
    arabic.fill("#id_code", pyotp.TOTP(secret).at(int(time.time()) + 30))
    arabic.locator("main form button[type=submit], form.narrow-form button[type=submit]").first.click()
    arabic.wait_for_url("**/ar/dashboard/")
    # the enrolment page in Arabic, for the record (a fresh key each visit; nothing is changed by looking)
    arabic.goto(f"{base}/ar/account/security/")
    arabic.screenshot(path=str(screenshot_dir / "two-factor-security-ar.png"), full_page=True)
    arabic.goto(f"{base}/ar/account/password/reset/")
    arabic.screenshot(path=str(screenshot_dir / "password-reset-ar.png"), full_page=True)
    context.close()
