"""Passwords, sign-in sessions, password reset and sign-up that reveals nothing [SEC-AUTH-*]."""

import re

import pytest
from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tijara.accounts.models import User
from tijara.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
PASSWORD = "tajine-au-citron-2025"
LOGIN = "/fr/account/login/"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """These tests sign in many times; Argon2 itself is tested in test_accounts.py."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def amine(db):
    return User.objects.create_user(email="amine@example.ma", password=PASSWORD)


def events(name: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(event=name))


@pytest.mark.parametrize("password", ["court-11ch", "password123456", "123456789012", "amine@example.ma"])
def test_short_common_numeric_or_email_like_passwords_are_refused(password):
    """[SEC-AUTH-PASSWORD] at least 12 characters, not a common password, not the e-mail itself."""
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, User(email="amine@example.ma"))
    password_validation.validate_password("figues de barbarie 2026", User(email="amine@example.ma"))


def test_sign_in_gives_a_new_session_key_and_is_audited(client, amine):
    """[SEC-AUTH-SESSIONS] a session key known before sign-in (fixation) is worthless after it."""
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    response = client.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before and client.session["_auth_user_id"] == str(amine.pk)
    assert [r.actor_id for r in events("sign_in")] == [amine.pk]


def test_wrong_password_is_refused_the_same_way_for_unknown_addresses(client, amine):
    """[SEC-AUTH-ENUMERATION] the answer does not say whether the address has an account."""
    known = client.post(LOGIN, {"username": "amine@example.ma", "password": "wrong-password-1"})
    unknown = client.post(LOGIN, {"username": "nobody@example.ma", "password": "wrong-password-1"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert len(events("sign_in_failed")) == 2 and "_auth_user_id" not in client.session


def test_sign_out_everywhere_ends_every_session(client, amine):
    """[SEC-AUTH-SESSIONS] a second browser (say, a lost phone) is signed out too."""
    from django.test import Client

    phone = Client()
    assert phone.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD}).status_code == 302
    client.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD})
    assert phone.get("/fr/account/").status_code == 200
    response = client.post(reverse("storefront:sign_out_everywhere"))
    assert response.status_code == 302
    assert phone.get("/fr/account/").status_code == 302  # back to sign-in
    assert client.get("/fr/account/").status_code == 302
    assert len(events("sign_out_all")) == 1
    assert client.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD}).status_code == 302


def test_password_change_needs_the_current_one_and_ends_other_sessions(client, amine):
    from django.test import Client

    other = Client()
    other.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD})
    client.post(LOGIN, {"username": "amine@example.ma", "password": PASSWORD})
    url = reverse("storefront:password_change")
    refused = client.post(url, {"old_password": "not-the-password", "password": "figues de barbarie 2026"})
    assert refused.status_code == 200
    amine.refresh_from_db()
    assert amine.check_password(PASSWORD)
    assert client.post(url, {"old_password": PASSWORD, "password": "figues de barbarie 2026"}).status_code == 302
    assert client.get("/fr/account/").status_code == 200  # this session stays
    assert other.get("/fr/account/").status_code == 302  # the other one ends
    assert len(events("password_changed")) == 1


def reset_link(client, email: str, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("storefront:password_reset"), {"email": email})
    assert response.status_code == 200
    return re.search(r"https?://testserver(/\S+/)", mail.outbox[-1].body).group(1)


def test_password_reset_link_works_once(client, amine, django_capture_on_commit_callbacks):
    """[SEC-AUTH-RESET] the e-mailed link sets a new password once; the token leaves the address bar."""
    link = reset_link(client, "AMINE@example.ma", django_capture_on_commit_callbacks)
    landing = client.get(link)
    assert landing.status_code == 302 and landing.url.endswith("/set-password/")
    assert client.post(landing.url, {"password": "short"}).status_code == 200  # validators apply
    assert client.post(landing.url, {"password": "figues de barbarie 2026"}).status_code == 302
    amine.refresh_from_db()
    assert amine.check_password("figues de barbarie 2026")
    assert len(events("password_reset")) == 1
    # the same link again: refused
    again = client.get(client.get(link).url)
    assert again.status_code == 400
    assert client.post(LOGIN, {"username": "amine@example.ma", "password": "figues de barbarie 2026"}).status_code == 302


def test_password_reset_link_expires(client, amine, django_capture_on_commit_callbacks, settings):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    link = reset_link(client, "amine@example.ma", django_capture_on_commit_callbacks)
    # two hours more than the timeout: the token's naive local clock and the UTC clock differ by the zone
    later = timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 7200)
    with time_machine.travel(later):
        assert client.get(client.get(link).url).status_code == 400
    assert client.get(client.get(link).url).status_code == 200  # still valid today


def test_password_reset_says_the_same_for_unknown_addresses(client, amine, django_capture_on_commit_callbacks):
    """[SEC-AUTH-ENUMERATION] same page, no mail for an unknown address."""
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("storefront:password_reset"), {"email": "amine@example.ma"})
        unknown = client.post(reverse("storefront:password_reset"), {"email": "nobody@example.ma"})
    strip = lambda r: r.content.decode().replace("amine@example.ma", "X").replace("nobody@example.ma", "X")  # noqa: E731
    assert known.status_code == unknown.status_code == 200 and strip(known).count("X") == strip(unknown).count("X")
    assert [m.to for m in mail.outbox] == [["amine@example.ma"]]


def test_password_reset_is_throttled_per_account_and_address(client, amine, django_capture_on_commit_callbacks):
    """[SEC-AUTH-RESET] three links an hour per account; twenty requests an hour per address."""
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(reverse("storefront:password_reset"), {"email": "amine@example.ma"})
    assert len(mail.outbox) == 3
    for n in range(15):
        client.post(reverse("storefront:password_reset"), {"email": f"x{n}@example.ma"})
    assert client.post(reverse("storefront:password_reset"), {"email": "y@example.ma"}).status_code == 429


def test_sign_up_does_not_reveal_an_existing_account(client, amine, django_capture_on_commit_callbacks):
    """[SEC-AUTH-ENUMERATION] a taken address gets the same answer as a free one; its owner gets an e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post("/fr/account/signup/", {"email": "amine@example.ma", "password": "autre mot de passe 7"})
        free = client.post("/fr/account/signup/", {"email": "nadia@example.ma", "password": "autre mot de passe 7"})
    assert (taken.status_code, taken.url) == (free.status_code, free.url) == (302, reverse("storefront:login"))
    assert "_auth_user_id" not in client.session
    amine.refresh_from_db()
    assert amine.check_password(PASSWORD)  # the existing account is untouched
    assert sorted(m.to[0] for m in mail.outbox) == ["amine@example.ma", "nadia@example.ma"]
    assert client.post(LOGIN, {"username": "nadia@example.ma", "password": "autre mot de passe 7"}).status_code == 302


def test_sign_up_is_throttled_per_address(client, db):
    for n in range(10):
        client.post("/fr/account/signup/", {"email": f"u{n}@example.ma", "password": "autre mot de passe 7"})
    response = client.post("/fr/account/signup/", {"email": "late@example.ma", "password": "autre mot de passe 7"})
    assert response.status_code == 429 and not User.objects.filter(email="late@example.ma").exists()
    other = client.post("/fr/account/signup/", {"email": "late@example.ma", "password": "autre mot de passe 7"},
                        REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_back_office_sign_in_goes_to_next_on_this_site_only(client, amine):
    """[SEC-AUTH-LOCK] the back-office form goes through the same checks as the shop's."""
    wrong = client.post("/fr/dashboard/login/", {"username": "amine@example.ma", "password": "nope-nope-nope"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert len(events("sign_in_failed")) == 1
    away = client.post("/fr/dashboard/login/", {"username": "amine@example.ma", "password": PASSWORD,
                                                "next": "https://evil.example/"})
    assert away.status_code == 302 and away.url == "/fr/dashboard/"
    assert client.get("/fr/dashboard/login/?next=/fr/account/").url == "/fr/account/"
