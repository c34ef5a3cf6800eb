"""The store owners' sign-up in the back-office does not tell whether an address has an account
[SEC-AUTH-ENUMERATION]: same status, same redirect, same page for a new and a taken address; the taken
address's owner is told by e-mail, and nothing changes on that account."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase

from tijara.accounts.models import User
from tijara.merchants.models import MerchantApplication

pytestmark = pytest.mark.django_db
SIGNUP = "/fr/dashboard/signup/"
PASSWORD = "argan oil from souss 2024"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Both paths hash the password once whatever the hasher; Argon2 itself is tested in tests/accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner(db):
    return User.objects.create_user(email="fatima@tifawin.ma", password="her own password 1985",
                                    full_name="Fatima Zahra", preferred_language="fr")


def sign_up(email: str, ip: str = "41.92.1.1"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Client().post(SIGNUP, {"full_name": "Someone Else", "email": email, "password": PASSWORD},
                             REMOTE_ADDR=ip, follow=True)


def page_text(response) -> str:
    """The page as a reader sees it: the CSRF token (random on every page) taken out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_new_and_a_taken_address_get_the_same_answer(owner):
    taken = sign_up("Fatima@Tifawin.ma")
    new = sign_up("nadia@atlas.ma")
    assert taken.status_code == new.status_code == 200
    assert taken.redirect_chain == new.redirect_chain == [
        ("/fr/dashboard/login/?next=%2Ffr%2Fdashboard%2Fonboarding%2F", 302)]
    assert page_text(taken) == page_text(new)
    assert "Nous avons envoyé un e-mail à cette adresse" in page_text(new)
    for response in (taken, new):
        assert "_auth_user_id" not in response.wsgi_request.session  # nobody is signed in by the sign-up

    # The taken address's owner is told; the account is as it was, with no store application.
    told = next(m for m in mail.outbox if m.to == ["fatima@tifawin.ma"])
    assert "ouvrir une boutique avec votre adresse" in told.body and "/fr/dashboard/login/" in told.body
    assert "/signup/verify/" not in told.body
    owner.refresh_from_db()
    assert owner.check_password("her own password 1985") and owner.full_name == "Fatima Zahra"
    assert not MerchantApplication.objects.filter(user=owner).exists()
    assert User.objects.filter(email__iexact="fatima@tifawin.ma").count() == 1

    # The new address gets its account, its application and the link that confirms it.
    confirm = next(m for m in mail.outbox if m.to == ["nadia@atlas.ma"])
    assert "/fr/dashboard/signup/verify/" in confirm.body
    assert MerchantApplication.objects.filter(user__email="nadia@atlas.ma", email_verified_at=None).exists()
    assert len(mail.outbox) == 2


def test_both_answers_only_queue_a_job_so_their_time_matches(owner, settings):
    """Neither answer sends mail while the page waits: each queues one e-mail job (timing tells nothing)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for email in ("fatima@tifawin.ma", "nadia@atlas.ma"):
        before = DBTaskResult.objects.count()
        sign_up(email)
        assert DBTaskResult.objects.count() == before + 1
    assert mail.outbox == []


def test_the_owner_sign_up_keeps_its_per_address_limit(owner):
    for n in range(10):
        sign_up(f"owner{n}@atlas.ma")
    late = Client().post(SIGNUP, {"full_name": "Late", "email": "late@atlas.ma", "password": PASSWORD},
                         REMOTE_ADDR="41.92.1.1")
    assert late.status_code == 429 and not User.objects.filter(email="late@atlas.ma").exists()
    # the same words for a taken address
    taken = Client().post(SIGNUP, {"full_name": "Late", "email": owner.email, "password": PASSWORD},
                          REMOTE_ADDR="41.92.1.1")
    assert taken.status_code == 429
    assert sign_up("late@atlas.ma", ip="196.200.1.1").redirect_chain[0][1] == 302
