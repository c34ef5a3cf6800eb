"""Each category has its period in one table; the purge job deletes or anonymises what is past it and reports
counts [DP-RETENTION]."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.dataprotection.helpers import EMAIL, buyer_with_orders
from tijara.cart.models import Cart
from tijara.cart.services import cart_create
from tijara.checkout.models import CheckoutDetails
from tijara.dataprotection.purge import PURGES, retention_purge
from tijara.orders.models import Order
from tijara.privacy.models import ConsentEvent, ConsentState
from tijara.privacy.retention import RETENTION
from tijara.privacy.services import consent_set

pytestmark = pytest.mark.django_db


def test_every_category_of_the_table_has_its_purge():
    assert {c.key for c in RETENTION} == set(PURGES)
    assert all(c.period_days > 0 and c.action in ("delete", "anonymise") for c in RETENTION)


def test_the_job_purges_only_what_is_past_its_period_and_reports_counts(filled_cart, django_user_model):
    long_ago = timezone.now() - dt.timedelta(days=4 * 365)
    with time_machine.travel(long_ago, tick=False):
        old_guest_cart = cart_create()
        dormant = django_user_model.objects.create_user("dormant@example.ma", "x-strong-pass-1", full_name="Old")
        consent_set(merchant_id=None, email="gone@example.ma", channel="email", granted=True, source="account")
        consent_set(merchant_id=None, email="gone@example.ma", channel="email", granted=False, source="account")
    user, orders = buyer_with_orders(filled_cart)  # recent: kept
    fresh_cart = cart_create()
    result = retention_purge.enqueue()  # the scheduled django-tasks job (immediate backend in tests)
    counts = result.return_value
    assert counts["guest_carts"] == 1 and counts["inactive_accounts"] == 1 and counts["withdrawn_consents"] == 2
    assert counts["orders"] == 0
    assert not Cart.objects.filter(pk=old_guest_cart.pk).exists() and Cart.objects.filter(pk=fresh_cart.pk).exists()
    dormant.refresh_from_db()
    assert dormant.full_name == "" and dormant.email.endswith("@erased.invalid") and not dormant.is_active
    assert ConsentEvent.objects.count() == 0 and ConsentState.objects.count() == 0
    assert Order.objects.filter(email=EMAIL).count() == 2 and CheckoutDetails.objects.count() == 1


def test_the_command_prints_the_counts(capsys):
    call_command("privacy_purge")
    out = capsys.readouterr().out
    assert all(f"{c.key}\t" in out for c in RETENTION)


def test_a_period_is_a_setting(settings, filled_cart):
    settings.TIJARA_RETENTION_DAYS = {"abandoned_checkouts": 0}
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
        assert retention_purge.enqueue().return_value["abandoned_checkouts"] == 1
