# ruff: noqa: F811  (fixtures imported from other conftest modules are then requested by name)
"""The security events of the back-office land in the audit trail, with who, which store and from which
address, and nothing more personal than needed [SEC-AUDIT-EVENTS]."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.checkout.helpers import filled_cart, shop  # noqa: F401  (fixtures)
from tests.dashboard.conftest import VALID_RIB, client_for, make_member, owner_a, store_a  # noqa: F401
from tests.ledger.conftest import capture
from tests.payments.helpers import place
from tijara.accounts.models import User
from tijara.audit.events import AuditEvent
from tijara.audit.models import AuditRecord
from tijara.audit.verify import chain_verify
from tijara.ledger.services import payout_create, payout_mark_paid
from tijara.merchants.models import MerchantMembership, MerchantStatus, Role
from tijara.merchants.services import merchant_bank_update, merchant_decide, merchant_settings_update
from tijara.payments.models import Payment
from tijara.payments.refunds import payment_refund
from tijara.payments.services import order_move

pytestmark = pytest.mark.django_db


def only(event: str) -> AuditRecord:
    records = list(AuditRecord.objects.filter(event=event))
    assert len(records) == 1, (event, records)
    return records[0]


def test_a_role_change_in_the_team_page_is_recorded_with_the_address(store_a, owner_a):
    staff = make_member(store_a, Role.STAFF, email="staff@example.ma")
    membership = MerchantMembership.objects.get(user=staff)
    response = client_for(owner_a).post(reverse("dashboard:team_member_role", args=[membership.pk]),
                                        {"role": "manager"}, REMOTE_ADDR="196.12.1.9")
    assert response.status_code == 302
    record = only(AuditEvent.ROLE_CHANGED)
    assert (record.actor_id, record.merchant_id, record.ip) == (owner_a.pk, store_a.pk, "196.12.1.9")
    assert record.data == {"user": staff.pk, "from": "staff", "to": "manager"}
    client_for(owner_a).post(reverse("dashboard:team_member_remove", args=[membership.pk]))
    assert AuditRecord.objects.filter(event=AuditEvent.ROLE_CHANGED).first().data["to"] is None
    assert chain_verify().ok


def test_a_refused_role_change_leaves_no_record(store_a, owner_a):
    """The record commits with the change or not at all: the last owner cannot step down."""
    response = client_for(owner_a).post(
        reverse("dashboard:team_member_role", args=[MerchantMembership.objects.get(user=owner_a).pk]),
        {"role": "staff"})
    assert response.status_code == 302
    assert not AuditRecord.objects.exists()


def test_validating_and_suspending_a_store_are_recorded(db):
    from tests.factories import make_merchant

    store = make_merchant(name="Pending", slug="pending", status=MerchantStatus.PENDING)
    reviewer = User.objects.create_user("reviewer@tijara.ma", "a long enough pass 42", is_staff=True)
    merchant_decide(merchant=store, reviewer=reviewer, action="validate")
    merchant_decide(merchant=store, reviewer=reviewer, action="suspend", reason="Fake ICE")
    validated, suspended = only(AuditEvent.MERCHANT_VALIDATED), only(AuditEvent.MERCHANT_SUSPENDED)
    assert (validated.actor_id, validated.merchant_id) == (reviewer.pk, store.pk)
    assert suspended.data == {"decision": "suspend", "reason": "Fake ICE"}


def test_bank_details_and_settings_changes_are_recorded_without_the_account_number(store_a, owner_a):
    owner = MerchantMembership.objects.select_related("merchant", "user").get(user=owner_a)
    merchant_bank_update(actor=owner, rib=VALID_RIB)
    merchant_settings_update(actor=owner, values={"store_name": "Argania Plus", "phone": "+212611111112"})
    bank = only(AuditEvent.BANK_DETAILS_CHANGED)
    assert bank.data["to"] == "…" + VALID_RIB[-4:] and VALID_RIB not in bank.data_json
    changed = only(AuditEvent.SETTINGS_CHANGED)
    assert changed.data == {"fields": ["phone", "store_name"]} and "+212611111112" not in changed.data_json


def test_a_refund_is_recorded(filled_cart):
    order = place(filled_cart, method="cod")[0]
    for status in ("confirmed", "shipped", "delivered"):
        order = order_move(order=order, to_status=status, actor=None)
    payment = Payment.objects.get(order=order)
    clerk = make_member(order.merchant, Role.MANAGER, email="manager@example.ma")
    refund = payment_refund(payment=payment, amount=Decimal("10.00"), actor=clerk, reference="Reçu 12")
    record = only(AuditEvent.REFUND)
    assert (record.actor_id, record.merchant_id, record.target) == (clerk.pk, order.merchant_id, f"refund:{refund.pk}")
    assert record.data == {"payment": payment.pk, "amount": "10.00", "status": "succeeded"}


def test_a_payout_is_recorded_when_created_and_when_paid(store_a):
    store_a.rib = VALID_RIB
    store_a.save(update_fields=["rib"])
    finance = User.objects.create_user("finance@tijara.ma", "a long enough pass 42", is_staff=True)
    day = dt.date.today() - dt.timedelta(days=40)
    capture(store_a, "500.00")
    from tijara.ledger.models import LedgerEntry

    LedgerEntry.objects.filter(merchant_id=store_a.pk).update(created_at=dt.datetime.combine(
        day, dt.time(12), tzinfo=dt.UTC))
    payout = payout_create(merchant=store_a, period_start=day, period_end=day + dt.timedelta(days=1), actor=finance)
    payout_mark_paid(payout=payout, actor=finance, bank_reference="VIR-991")
    created, paid = AuditRecord.objects.filter(event=AuditEvent.PAYOUT).order_by("sequence")
    assert created.data["step"] == "created" and paid.data["bank_reference"] == "VIR-991"
    assert {created.actor_id, paid.actor_id} == {finance.pk} and paid.target == f"payout:{payout.pk}"


def test_platform_roles_given_or_taken_through_groups_are_recorded(db):
    from django.contrib.auth.models import Group

    user = User.objects.create_user("reviewer@tijara.ma", "a long enough pass 42", is_staff=True)
    reviewers = Group.objects.create(name="platform_reviewer")
    user.groups.add(reviewers)
    reviewers.user_set.remove(user)
    added, removed = AuditRecord.objects.filter(event=AuditEvent.ROLE_CHANGED).order_by("sequence")
    assert added.data == {"user": user.pk, "groups_added": ["platform_reviewer"]}
    assert removed.data == {"user": user.pk, "groups_removed": ["platform_reviewer"]}


def test_a_deleted_shipping_method_is_a_settings_change(store_a, owner_a):
    from tijara.shipping.models import ShippingMethod
    from tijara.shipping.services import shipping_method_delete

    method = ShippingMethod.objects.create(merchant=store_a, kind="home", name_fr="Livraison", base_fee="45.00")
    shipping_method_delete(actor=MerchantMembership.objects.get(user=owner_a), method_id=method.pk)
    record = only(AuditEvent.SETTINGS_CHANGED)
    assert (record.target, record.actor_id, record.data) == (f"shipping_method:{method.pk}", owner_a.pk,
                                                             {"shipping_method": "deleted"})


def test_behind_a_proxy_the_trail_records_the_address_the_throttles_count(settings):
    """[SEC-AUDIT-EVENTS] One client address for locks and trail: the proxy's header when one is configured."""
    from django.test import RequestFactory

    from tijara.audit.services import request_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    assert request_ip(request) == "10.0.0.1"
    settings.TIJARA_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert request_ip(request) == "203.0.113.5"
