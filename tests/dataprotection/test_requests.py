"""Requests carry the 10-day timer; platform staff see them with overdue flags [DP-DSR-TIMER]; rectification
and objection [DP-OBJECTION]; staff reads of customer data are logged [DP-STAFF-READS]."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.dashboard.conftest import make_order
from tests.factories import make_merchant
from tijara.audit.models import AuditRecord
from tijara.dataprotection.models import DataRequest
from tijara.dataprotection.services import rectification_request
from tijara.merchants.models import MerchantMembership, Role
from tijara.privacy.services import consent_set, marketing_send_allowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("dpo@tijara.ma", "x-strong-pass-1", is_staff=True)


def test_a_request_is_due_in_ten_days_and_flagged_overdue_after(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        request = rectification_request(email="salma@example.ma", user=None, details="Wrong street on ARG-000001")
    assert request.due_at == start + dt.timedelta(days=10)
    client.force_login(staff)
    with time_machine.travel(start + dt.timedelta(days=9), tick=False):
        page = client.get(reverse("dashboard:privacy_requests")).content.decode()
        assert "Wrong street" not in page and 'class="overdue"' not in page  # the list names no one
    with time_machine.travel(start + dt.timedelta(days=10, minutes=1), tick=False):
        page = client.get(reverse("dashboard:privacy_requests")).content.decode()
        assert 'class="overdue"' in page
    client.post(reverse("dashboard:privacy_request_answer", args=[request.pk]),
                {"action": "done", "outcome": "Street corrected on the order."})
    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("done", staff)


def test_only_platform_staff_see_the_queue(client, django_user_model):
    request = rectification_request(email="salma@example.ma", user=None, details="x")
    buyer = django_user_model.objects.create_user("buyer@example.ma", "x-strong-pass-1")
    for url in (reverse("dashboard:privacy_requests"), reverse("dashboard:privacy_request", args=[request.pk]),
                reverse("dashboard:privacy_register")):
        client.logout()
        assert client.get(url).status_code == 302  # to sign-in
        client.force_login(buyer)
        assert client.get(url).status_code == 403
    client.post(reverse("dashboard:privacy_request_answer", args=[request.pk]), {"action": "done", "outcome": "x"})
    request.refresh_from_db()
    assert request.status == "open"


def test_opening_a_request_is_a_logged_read(client, staff):
    request = rectification_request(email="salma@example.ma", user=None, details="x")
    client.force_login(staff)
    assert "salma@example.ma" in client.get(reverse("dashboard:privacy_request", args=[request.pk])).content.decode()
    record = AuditRecord.objects.get(event="personal_data_viewed")
    assert record.actor_id == staff.pk and record.target == f"data-request:{request.pk}"


def test_merchant_staff_reads_of_a_customer_are_logged_without_naming_them(client, django_user_model):
    store = make_merchant(name="Argania", slug="argania")
    member = django_user_model.objects.create_user("staff@argania.ma", "x-strong-pass-1")
    MerchantMembership.objects.create(merchant=store, user=member, role=Role.STAFF)
    order = make_order(store, number="ARG-000001", email="salma@example.ma")
    client.force_login(member)
    client.get(reverse("dashboard:customer_detail", args=["salma@example.ma"]))
    client.get(reverse("dashboard:order_detail", args=[order.number]))
    records = list(AuditRecord.objects.filter(event="personal_data_viewed").order_by("sequence"))
    assert [(r.actor_id, r.merchant_id) for r in records] == [(member.pk, store.pk)] * 2
    assert ['"customer_detail"' in records[0].data_json, '"order_detail"' in records[1].data_json] == [True, True]
    assert all("salma" not in (r.target + r.data_json) for r in records)  # who, when, what — not the address


def test_a_signed_in_person_corrects_their_account(client, django_user_model):
    user = django_user_model.objects.create_user("salma@example.ma", "x-strong-pass-1", full_name="Salma B")
    client.force_login(user)
    client.post(reverse("storefront:privacy_request"),
                {"kind": "rectification", "full_name": "Salma Bennani", "phone": "06 12 34 56 78", "details": ""})
    user.refresh_from_db()
    assert (user.full_name, user.phone) == ("Salma Bennani", "+212612345678")
    response = client.post(reverse("storefront:privacy_request"),
                           {"kind": "rectification", "full_name": "S", "phone": "12", "details": ""}, follow=True)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.phone == "+212612345678"  # a bad phone is refused with a message, never a 500


def test_an_objection_from_the_privacy_page_stops_all_offers(client, django_user_model):
    store = make_merchant(name="Argania", slug="argania")
    user = django_user_model.objects.create_user("salma@example.ma", "x-strong-pass-1")
    consent_set(merchant_id=store.pk, email=user.email, channel="email", granted=True, source="account")
    client.force_login(user)
    client.post(reverse("storefront:privacy_request"), {"kind": "objection"})
    assert not marketing_send_allowed(merchant_id=store.pk, email=user.email)
    assert DataRequest.objects.get().kind == "objection"
