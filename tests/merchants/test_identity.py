"""[REF-RC] An RC number is unique only within its court registry, so a store is known by the pair."""

import random

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import make_merchant
from tijara.catalog.seed import make_ice
from tijara.merchants.models import Merchant, MerchantApplication
from tijara.merchants.services import COMPANY_FIELDS, MerchantError, application_submit

pytestmark = pytest.mark.django_db


def submit(existing: Merchant, *, rc_tribunal: str, seed: int) -> Merchant:
    """A new verified owner submits a company with `existing`'s RC number, in the registry given."""
    user = get_user_model().objects.create_user(f"owner{seed}@example.ma", "argan oil from souss 2024")
    MerchantApplication.objects.create(user=user, email_verified_at=timezone.now())
    company = {field: getattr(existing, field) for field in COMPANY_FIELDS}
    company.update(store_name=f"Store {seed}", ice=make_ice(random.Random(seed)), rc_tribunal=rc_tribunal)
    return application_submit(user=user, company=company)


def test_the_same_rc_number_in_another_court_registry_is_another_company():
    casablanca = make_merchant(rc_number="45678", rc_tribunal="Casablanca")
    other = submit(casablanca, rc_tribunal="Fès", seed=11)
    assert other.rc_number == casablanca.rc_number and other.rc_tribunal == "Fès"


def test_the_same_rc_number_in_the_same_registry_is_refused_and_nothing_is_written():
    casablanca = make_merchant(rc_number="45678", rc_tribunal="Casablanca")
    with pytest.raises(MerchantError) as refused:
        submit(casablanca, rc_tribunal="Casablanca", seed=12)
    assert refused.value.code == "duplicate"
    assert Merchant.objects.filter(rc_number="45678").count() == 1
