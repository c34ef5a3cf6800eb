"""A shop owner signs up, confirms the email, fills the company (resumably), and a reviewer decides."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from tests.dashboard.conftest import VALID_RIB
from tijara.catalog.seed import make_ice
from tijara.core.models import City, Region
from tijara.merchants.models import (
    Merchant,
    MerchantApplication,
    MerchantDecision,
    MerchantMembership,
    MerchantStatus,
)
from tijara.merchants.selectors import merchant_for_user

pytestmark = pytest.mark.django_db


def company_data(**overrides) -> dict:
    import random

    region = Region.objects.get(code=6)
    city = City.objects.filter(region=region).order_by("-population").first()
    data = {
        "legal_name": "Coopérative Tifawin SARL", "store_name": "Tifawin", "legal_form": "sarl",
        "ice": make_ice(random.Random(4242)), "rc_number": "123456", "rc_tribunal": "Casablanca",
        "if_number": "4567890", "address": "5 Rue Tarik", "city": str(city.pk),
        "region": str(region.pk), "sector": "cosmetics", "phone": "0612345678", "email": "contact@tifawin.ma",
        "rib": VALID_RIB,
    }
    data.update(overrides)
    return data


PASSWORD = "argan oil from souss 2024"


def signup(client: Client, email: str = "owner@tifawin.ma", lang: str = "fr"):
    """Post the sign-up form; its e-mail job runs (the test database commits nothing, so run the callbacks)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/{lang}/dashboard/signup/", {"full_name": "Fatima Z", "email": email,
                                                         "password": PASSWORD})


def verification_link() -> str:
    return re.search(r"https?://\S+/signup/verify/\S+/", mail.outbox[-1].body).group(0)


def signed_up(client: Client, email: str = "owner@tifawin.ma", lang: str = "fr", verify: bool = True):
    """As an owner does: sign up, open the e-mailed link (or not), sign in with the password."""
    signup(client, email, lang)
    if verify:
        client.get(verification_link().split("testserver", 1)[1])
    response = client.post(f"/{lang}/dashboard/login/?next=/{lang}/dashboard/onboarding/",
                           {"username": email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_signup_emails_a_signed_link_that_verifies_the_address():
    """[SEC-AUTH-ENUMERATION] the sign-up does not sign in; the link confirms, then the owner signs in."""
    client = Client()
    response = signup(client)
    assert (response.status_code, response.url) == (302, "/fr/dashboard/login/?next=%2Ffr%2Fdashboard%2Fonboarding%2F")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["owner@tifawin.ma"]
    application = MerchantApplication.objects.get(user__email="owner@tifawin.ma")
    assert application.email_verified_at is None
    confirmed = client.get(verification_link().split("testserver", 1)[1], follow=True)
    assert confirmed.redirect_chain[-1][0].startswith("/fr/dashboard/login/")
    assert "Votre adresse e-mail est confirmée" in confirmed.content.decode()
    application.refresh_from_db()
    assert application.email_verified_at is not None
    signed_in = client.post("/fr/dashboard/login/?next=/fr/dashboard/onboarding/",
                            {"username": "owner@tifawin.ma", "password": PASSWORD,
                             "next": "/fr/dashboard/onboarding/"})
    assert signed_in.url == "/fr/dashboard/onboarding/"
    assert client.get("/fr/dashboard/onboarding/").status_code == 200


def test_a_tampered_verification_link_is_refused_with_a_message():
    client = Client()
    signup(client)
    path = verification_link().split("testserver", 1)[1]
    response = client.get(path.replace("/verify/", "/verify/x"))
    assert response.status_code == 400
    assert "pas valide" in response.content.decode()
    assert MerchantApplication.objects.get().email_verified_at is None


def test_half_finished_signup_is_saved_and_resumed():
    client = Client()
    signed_up(client)
    client.post("/fr/dashboard/onboarding/", {"legal_name": "Tifawin SARL", "ice": "12", "save_draft": "1"})
    resumed = Client()
    resumed.force_login(MerchantApplication.objects.get().user)
    page = resumed.get("/fr/dashboard/onboarding/").content.decode()
    assert 'value="Tifawin SARL"' in page
    assert Merchant.objects.count() == 0


def test_submission_needs_a_verified_email():
    client = Client()
    signed_up(client, verify=False)
    response = client.post("/fr/dashboard/onboarding/", company_data())
    assert "Confirmez votre adresse" in response.content.decode()
    assert not Merchant.objects.filter(store_name="Tifawin").exists()


def test_each_wrong_field_says_what_is_wrong_in_the_owners_language():
    client = Client()
    signed_up(client, lang="ar")
    response = client.post("/ar/dashboard/onboarding/", company_data(
        ice="001561191000065", rib="011519000001205000534922", phone="12345"))
    errors = response.context["form"].errors
    assert set(errors) >= {"ice", "rib", "phone"}
    page = response.content.decode()
    assert "RIB" in page and "ICE" in page
    assert not Merchant.objects.filter(store_name="Tifawin").exists()


def submitted_store(client: Client) -> Merchant:
    signed_up(client)
    response = client.post("/fr/dashboard/onboarding/", company_data())
    assert response.status_code == 302, response.context["form"].errors
    return Merchant.objects.get(store_name="Tifawin")


def test_verified_owner_submits_a_pending_store_and_becomes_its_owner():
    """A store with its full identity is submitted, and stays hidden until reviewed [CP-SELLER-IDENTITY]."""
    client = Client()
    store = submitted_store(client)
    assert store.status == MerchantStatus.PENDING and store.validated_at is None
    assert store.phone == "+212612345678"  # [REF-PHONE]
    owner = MerchantApplication.objects.get().user
    assert merchant_for_user(owner) == store
    assert MerchantMembership.objects.get(user=owner).role == "owner"
    assert store not in Merchant.objects.public()


def test_reviewer_validates_a_store_and_the_decision_is_kept(reviewer, django_capture_on_commit_callbacks):
    store = submitted_store(Client())
    staff = Client()
    staff.force_login(reviewer)
    assert "Tifawin" in staff.get("/fr/dashboard/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/fr/dashboard/review/{store.pk}/", {"action": "validate"})
    store.refresh_from_db()
    assert store.status == MerchantStatus.VALIDATED and store.validated_at is not None
    assert store in Merchant.objects.public()
    decision = MerchantDecision.objects.filter(merchant=store, action="validate").get()
    assert decision.actor == reviewer and decision.created_at is not None
    assert mail.outbox[-1].to == ["owner@tifawin.ma"]


def test_rejection_needs_a_reason_that_the_owner_then_sees(reviewer):
    owner_client = Client()
    store = submitted_store(owner_client)
    staff = Client()
    staff.force_login(reviewer)
    response = staff.post(f"/fr/dashboard/review/{store.pk}/", {"action": "reject", "reason": ""})
    assert response.status_code == 200
    store.refresh_from_db()
    assert store.status == MerchantStatus.PENDING
    staff.post(f"/fr/dashboard/review/{store.pk}/", {"action": "reject", "reason": "RC illisible"})
    store.refresh_from_db()
    assert store.status == MerchantStatus.REJECTED
    assert "RC illisible" in owner_client.get("/fr/dashboard/").content.decode()
    # the owner corrects and submits again
    response = owner_client.post("/fr/dashboard/onboarding/", company_data(rc_number="654321"))
    store.refresh_from_db()
    assert store.status == MerchantStatus.PENDING and store.rc_number == "654321"


def test_suspension_closes_a_validated_store_and_keeps_its_validation_date(reviewer):
    store = submitted_store(Client())
    staff = Client()
    staff.force_login(reviewer)
    staff.post(f"/fr/dashboard/review/{store.pk}/", {"action": "validate"})
    store.refresh_from_db()
    validated_at = store.validated_at
    staff.post(f"/fr/dashboard/review/{store.pk}/", {"action": "suspend", "reason": "Plaintes clients"})
    store.refresh_from_db()
    assert store.status == MerchantStatus.SUSPENDED and store not in Merchant.objects.public()
    staff.post(f"/fr/dashboard/review/{store.pk}/", {"action": "reinstate", "reason": "Résolu"})
    store.refresh_from_db()
    assert store.status == MerchantStatus.VALIDATED and store.validated_at == validated_at
    assert list(store.decisions.values_list("action", flat=True)) == ["reinstate", "suspend", "validate", "submit"]


def test_only_platform_staff_reach_the_review_queue(owner_a, store_b):
    merchant_client = Client()
    merchant_client.force_login(owner_a)
    assert merchant_client.get("/fr/dashboard/review/").status_code == 403
    assert merchant_client.post(f"/fr/dashboard/review/{store_b.pk}/", {"action": "suspend", "reason": "x"}).status_code == 403
    store_b.refresh_from_db()
    assert store_b.status == MerchantStatus.VALIDATED
    assert Client().get("/fr/dashboard/review/").status_code == 302
    assert reverse("dashboard:review_queue", kwargs={}) == "/fr/dashboard/review/"
