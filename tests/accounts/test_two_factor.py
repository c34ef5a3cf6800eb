"""Two-step sign-in: TOTP enrolment with a QR code, the code at sign-in, recovery codes, who must have it
[SEC-AUTH-2FA]."""

import re
import time

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_merchant
from tijara.accounts.models import RecoveryCode, TwoFactorDevice, User
from tijara.audit.models import AuditRecord
from tijara.merchants.models import MerchantMembership, Role

pytestmark = pytest.mark.django_db
PASSWORD = "tajine-au-citron-2025"
LOGIN = "/fr/account/login/"
DASH_LOGIN = "/fr/dashboard/login/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TIJARA_TWO_FACTOR_REQUIRED = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def code_at(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(int(time.time()) + 30 * offset_steps)


def enrol(client: Client) -> tuple[str, list[str]]:
    """Open the enrolment page, read the key beside the QR code, answer with the app's code."""
    page = client.get(reverse("storefront:two_factor")).content.decode()
    assert "<svg" in page and "<script" not in page
    secret = re.search(r'class="secret">([A-Z2-7]+)<', page).group(1)
    done = client.post(reverse("storefront:two_factor"), {"code": code_at(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.content.decode())
    return secret, codes


@pytest.fixture
def buyer(db):
    return User.objects.create_user(email="amine@example.ma", password=PASSWORD)


def test_buyer_enrols_then_sign_in_asks_for_the_code(client, buyer):
    client.force_login(buyer)
    secret, codes = enrol(client)
    assert len(codes) == 10 and TwoFactorDevice.objects.filter(user=buyer).exists()
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 10 and not any(c.replace("-", "") in h or c in h for c in codes for h in stored)
    assert AuditRecord.objects.filter(event="two_factor_enabled", actor_id=buyer.pk).exists()
    client.logout()

    fresh = Client()
    response = fresh.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD})
    assert response.url == reverse("storefront:two_factor_verify")
    assert "_auth_user_id" not in fresh.session  # the password alone does not sign in
    assert fresh.get("/fr/account/").status_code == 302
    assert fresh.post(response.url, {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in fresh.session
    assert fresh.post(response.url, {"code": code_at(secret, 1)}).status_code == 302
    assert fresh.session["_auth_user_id"] == str(buyer.pk)


def test_a_code_works_once(client, buyer):
    client.force_login(buyer)
    secret, _codes = enrol(client)
    code = code_at(secret, 1)
    first, second = Client(), Client()
    for c in (first, second):
        c.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD})
    assert first.post(reverse("storefront:two_factor_verify"), {"code": code}).status_code == 302
    assert second.post(reverse("storefront:two_factor_verify"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in second.session


def test_recovery_code_signs_in_once(client, buyer):
    client.force_login(buyer)
    _secret, codes = enrol(client)
    for expected in (302, 200):
        other = Client()
        other.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD})
        assert other.post(reverse("storefront:two_factor_verify"), {"code": codes[0].upper()}).status_code == expected
    assert AuditRecord.objects.filter(event="recovery_code_used").count() == 1
    assert RecoveryCode.objects.filter(used_at__isnull=True).count() == 9


def test_buyer_may_turn_it_off_with_the_password(client, buyer):
    """Optional for buyers."""
    client.force_login(buyer)
    enrol(client)
    assert client.post(reverse("storefront:two_factor_disable"), {"password": "wrong"}).status_code == 200
    assert TwoFactorDevice.objects.exists()
    client.post(reverse("storefront:two_factor_disable"), {"password": PASSWORD})
    assert not TwoFactorDevice.objects.exists() and not RecoveryCode.objects.exists()
    assert AuditRecord.objects.filter(event="two_factor_disabled").count() == 1
    assert Client().post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD}).status_code == 302


def test_buyer_without_it_signs_in_with_the_password(client, buyer):
    response = client.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(buyer.pk)
    assert client.get("/fr/account/").status_code == 200


@pytest.fixture
def owner(db):
    user = User.objects.create_user(email="owner@tifawin.ma", password=PASSWORD)
    MerchantMembership.objects.create(merchant=make_merchant(), user=user, role=Role.OWNER)
    return user


def test_owner_without_a_second_factor_is_taken_to_enrolment(client, owner):
    """Required for owners and managers: the back-office stays closed until the app is set up."""
    response = client.post(DASH_LOGIN, {"username": "owner@tifawin.ma", "password": PASSWORD})
    home = client.get(response.url)
    assert home.status_code == 302 and home.url.startswith(reverse("storefront:two_factor"))
    assert client.get("/fr/dashboard/products/").status_code == 302
    assert client.get("/api/v1/merchant/orders").status_code == 403
    enrol(client)
    assert client.get("/fr/dashboard/").status_code == 200
    # the owner cannot turn it off
    client.post(reverse("storefront:two_factor_disable"), {"password": PASSWORD})
    assert TwoFactorDevice.objects.filter(user=owner).exists()


def test_owner_signs_in_to_the_dashboard_with_the_code(client, owner):
    client.force_login(owner)
    secret, _codes = enrol(client)
    client.logout()
    response = client.post(DASH_LOGIN, {"username": "owner@tifawin.ma", "password": PASSWORD, "next": "/fr/dashboard/"})
    assert response.url == reverse("storefront:two_factor_verify")
    done = client.post(response.url, {"code": code_at(secret, 1)})
    assert done.status_code == 302 and done.url == "/fr/dashboard/"
    assert client.get("/fr/dashboard/").status_code == 200


def test_a_session_without_the_code_cannot_open_the_back_office(client, owner):
    """A session signed in some other way (here: directly) is asked for the code first."""
    client.force_login(owner)
    enrol(client)
    other = Client()
    other.force_login(owner)
    response = other.get("/fr/dashboard/")
    assert response.status_code == 302 and response.url.startswith(reverse("storefront:two_factor_verify"))


@pytest.mark.parametrize("role,required", [(Role.MANAGER, True), (Role.STAFF, False)])
def test_managers_need_it_staff_members_do_not(client, role, required):
    user = User.objects.create_user(email="team@tifawin.ma", password=PASSWORD)
    MerchantMembership.objects.create(merchant=make_merchant(), user=user, role=role)
    client.force_login(user)
    assert (client.get("/fr/dashboard/").status_code == 302) is required


def test_platform_staff_need_it(client):
    reviewer = User.objects.create_user(email="reviewer@tijara.ma", password=PASSWORD, is_staff=True)
    client.force_login(reviewer)
    assert client.get("/fr/dashboard/review/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_the_setting_off_leaves_the_back_office_open(client, owner, settings):
    settings.TIJARA_TWO_FACTOR_REQUIRED = False
    client.force_login(owner)
    assert client.get("/fr/dashboard/").status_code == 200


def test_the_admin_site_signs_in_only_through_the_back_office_sign_in(client, owner):
    """The admin's own form would skip the lock and the code [SEC-AUTH-2FA]."""
    response = client.post("/admin/login/?next=/admin/", {"username": "owner@tifawin.ma", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/fr/dashboard/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/login/?next=https://evil.example/").url.endswith("next=%2Fadmin%2F")


def test_the_stored_secret_is_encrypted(client, buyer):
    """A copy of the table alone does not give the key the app holds."""
    client.force_login(buyer)
    secret, _codes = enrol(client)
    stored = TwoFactorDevice.objects.get(user=buyer).secret
    assert secret not in stored and len(stored) > 64
