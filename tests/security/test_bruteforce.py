"""Brute force, as the attack on main tried it: 50 wrong passwords then the right one; hundreds of order
look-ups by number and e-mail [SEC-AUTH-LOCK] [SEC-AUTH-LOOKUP]."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tijara.accounts.models import User
from tijara.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
PASSWORD = "tajine-au-citron-2025"
LOGIN = "/fr/account/login/"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """The lock is what is tested here; 50 Argon2 checks would only cost time (Argon2: tests/accounts)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def victim(db):
    return User.objects.create_user(email="victim@example.ma", password=PASSWORD)


def attempt(client: Client, password: str, email: str = "victim@example.ma", ip: str = "41.92.1.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_fifty_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, victim, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=True):
        answers = [attempt(client, f"guess-{n:04d}-password").status_code for n in range(50)]
        assert answers[:49] == [200] * 49 and answers[49] == 429
        # the right password, from the same address, then from another address: refused while locked
        for ip in ("41.92.1.1", "196.200.1.1"):
            refused = attempt(Client(), PASSWORD, ip=ip)
            assert refused.status_code == 429 and "_auth_user_id" not in refused.wsgi_request.session
            assert "15 minutes" in refused.content.decode()
        # the address is locked too, for other accounts
        other = User.objects.create_user(email="other@example.ma", password=PASSWORD)
        assert attempt(Client(), PASSWORD, email=other.email).status_code == 429
    # in the audit trail
    assert AuditRecord.objects.filter(event="sign_in_failed", target=f"user:{victim.pk}").count() == 50
    locked = AuditRecord.objects.get(event="sign_in_locked")
    assert locked.target == f"user:{victim.pk}" and locked.ip == "41.92.1.1"
    assert json.loads(locked.data_json)["seconds"] == settings.TIJARA_SIGNIN_LOCK_SECONDS
    # when the lock ends, the right password signs in again
    with time_machine.travel(start + dt.timedelta(seconds=settings.TIJARA_SIGNIN_LOCK_SECONDS + 5), tick=False):
        signed = attempt(client, PASSWORD)
        assert signed.status_code == 302 and client.session["_auth_user_id"] == str(victim.pk)


def test_the_lock_does_not_reveal_whether_the_account_exists(client, victim, settings):
    """[SEC-AUTH-ENUMERATION] an address without an account is locked with the same words."""
    settings.TIJARA_SIGNIN_LOCK_FAILURES = 5  # the rule, not the count, is tested here
    for n in range(5):
        attempt(client, f"guess-{n}", email="ghost@example.ma", ip="10.0.0.1")
        attempt(client, f"guess-{n}", email="victim@example.ma", ip="10.0.0.2")
    ghost = attempt(Client(), PASSWORD, email="ghost@example.ma", ip="10.0.0.3")
    real = attempt(Client(), PASSWORD, email="victim@example.ma", ip="10.0.0.4")
    assert ghost.status_code == real.status_code == 429
    assert ghost.context["form"].non_field_errors() == real.context["form"].non_field_errors()


def test_failures_spread_over_many_accounts_lock_the_address(client, db, settings):
    settings.TIJARA_SIGNIN_LOCK_FAILURES = 5
    for n in range(5):
        attempt(client, "Summer2025!", email=f"user{n}@example.ma", ip="10.7.7.7")
    User.objects.create_user(email="fresh@example.ma", password=PASSWORD)
    assert attempt(client, PASSWORD, email="fresh@example.ma", ip="10.7.7.7").status_code == 429
    assert attempt(Client(), PASSWORD, email="fresh@example.ma", ip="10.8.8.8").status_code == 302


def test_a_successful_sign_in_starts_the_count_again(client, victim, settings):
    settings.TIJARA_SIGNIN_LOCK_FAILURES = 5
    for n in range(4):
        attempt(client, f"typo-{n}", ip=f"10.1.0.{n}")
    assert attempt(Client(), PASSWORD, ip="10.2.0.1").status_code == 302
    for n in range(4):
        attempt(client, f"typo-again-{n}", ip=f"10.3.0.{n}")
    assert attempt(Client(), PASSWORD, ip="10.4.0.1").status_code == 302


@pytest.fixture
def order(db):
    from tests.checkout.helpers import fill_details, new_key
    from tests.factories import make_merchant, make_product
    from tijara.cart.services import cart_create, cart_line_add
    from tijara.checkout.services import checkout_confirm, checkout_prepare

    merchant = make_merchant(name="Argania")
    variant = make_product(merchant).variants.first()
    cart = cart_create()
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=1)
    fill_details(cart)
    (placed,) = checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)
    return placed


def test_order_lookup_api_answers_429_after_repeated_guesses(client, order):
    """The attack: sequential numbers tried with a guessed e-mail. Past 20 misses from an address, 429 with
    Retry-After, even for the right pair; a miss for a number from elsewhere counts toward that number."""
    prefix = order.number.rsplit("-", 1)[0]
    statuses = [client.get(f"/api/v1/orders/{prefix}-{n:06d}", {"email": "guess@example.ma"}).status_code
                for n in range(2, 32)]
    assert statuses[:20] == [404] * 20 and set(statuses[20:]) == {429}
    blocked = client.get(f"/api/v1/orders/{order.number}", {"email": order.email})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert set(blocked.json()) == {"message", "field"}
    # another address can still look up its own order
    assert Client(REMOTE_ADDR="10.5.5.5").get(f"/api/v1/orders/{order.number}", {"email": order.email}).status_code == 200


def test_order_lookup_is_limited_per_number_across_addresses(order):
    for n in range(10):
        Client(REMOTE_ADDR=f"10.6.0.{n}").get(f"/api/v1/orders/{order.number}", {"email": f"g{n}@example.ma"})
    assert Client(REMOTE_ADDR="10.6.1.1").get(f"/api/v1/orders/{order.number}",
                                              {"email": order.email}).status_code == 429


def test_storefront_order_lookup_is_throttled_too(client, order):
    prefix = order.number.rsplit("-", 1)[0]
    for n in range(20):
        assert client.post("/fr/orders/find/", {"number": f"{prefix}-{n + 2:06d}", "email": order.email},
                           REMOTE_ADDR="10.9.0.1").status_code == 200
    refused = client.post("/fr/orders/find/", {"number": order.number, "email": order.email}, REMOTE_ADDR="10.9.0.1")
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    assert client.post("/fr/orders/find/", {"number": order.number, "email": order.email},
                       REMOTE_ADDR="10.9.0.2").status_code == 302


def test_a_password_reset_lifts_the_accounts_lock(client, victim, settings, django_capture_on_commit_callbacks):
    """[SEC-AUTH-RESET] the owner of the mailbox gets back in at once; the guessing address stays locked."""
    import re

    from django.core import mail

    settings.TIJARA_SIGNIN_LOCK_FAILURES = 5
    for n in range(5):
        attempt(client, f"guess-{n}")
    assert attempt(Client(), PASSWORD, ip="10.10.0.1").status_code == 429
    owner = Client(REMOTE_ADDR="10.10.0.2")
    with django_capture_on_commit_callbacks(execute=True):
        owner.post("/fr/account/password/reset/", {"email": "victim@example.ma"})
    link = re.search(r"https?://testserver(/\S+/)", mail.outbox[-1].body).group(1)
    owner.post(owner.get(link).url, {"password": "figues de barbarie 2026"})
    assert attempt(owner, "figues de barbarie 2026", ip="10.10.0.2").status_code == 302
    assert attempt(Client(), "figues de barbarie 2026").status_code == 429  # from the guessing address
