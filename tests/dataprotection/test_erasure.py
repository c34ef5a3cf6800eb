"""Erasure anonymises the person and keeps only what the law requires [DP-ERASURE]."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.dataprotection.helpers import EMAIL, NAME, PHONE, buyer_with_orders
from tests.factories import make_merchant
from tijara.dataprotection.models import DataRequest
from tijara.merchants.models import TeamInvitation
from tijara.orders.models import Order, OrderStatusChange
from tijara.payments.services import order_move
from tijara.privacy.services import consent_set, marketing_send_allowed

pytestmark = pytest.mark.django_db
# Where the law requires the person to stay: issued invoices and credit notes (CGI art. 145, kept ten years) and
# the signed contract archive (DOC arts. 417-1 and 443).
REQUIRED_BY_LAW = {"invoicing.Invoice", "invoicing.CreditNote", "archive.ContractRecord"}
NEEDLES = (EMAIL, NAME, "Bennani", PHONE, PHONE[4:], "0" + PHONE[4:], "12 Rue Ibn Batouta")


def whole_database() -> dict[str, str]:
    """Every row of every table, as text, by model."""
    dump = {}
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = model._base_manager.values_list(*fields)
        dump[model._meta.label] = "\n".join(repr(row) for row in rows)
    return dump


def where(needle: str, dump: dict[str, str]) -> set[str]:
    return {label for label, text in dump.items() if needle.lower() in text.lower()}


def test_after_erasure_the_person_is_found_only_where_the_law_requires(client, filled_cart):
    user, orders = buyer_with_orders(filled_cart)
    other = make_merchant(name="Tapis", slug="tapis", region_code=3)
    TeamInvitation.objects.create(merchant=other, email=EMAIL, role="staff", invited_by=user)
    consent_set(merchant_id=orders[0].merchant_id, email=EMAIL, channel="sms", granted=True, source="account",
                phone=PHONE)
    OrderStatusChange.objects.filter(order=orders[0]).update(note=f"{NAME} rappelle au {PHONE}")  # staff free text
    before = whole_database()
    assert {"accounts.User", "orders.Order", "checkout.CheckoutDetails"} <= where(EMAIL, before)
    client.force_login(user)
    client.post(reverse("storefront:privacy_download"))  # an earlier request, recorded under their address

    response = client.post(reverse("storefront:privacy_request"), {"kind": "erasure", "confirm": "1"})
    assert response.status_code == 302

    after = whole_database()
    for needle in NEEDLES:
        assert where(needle, after) <= REQUIRED_BY_LAW, (needle, where(needle, after) - REQUIRED_BY_LAW)
    assert where(EMAIL, after) & {"invoicing.Invoice", "archive.ContractRecord"}  # the legal records stay whole
    assert Order.objects.filter(pk__in=[o.pk for o in orders]).count() == 2  # the records stay, anonymous
    erasure = DataRequest.objects.get(kind="erasure")
    assert erasure.status == "done" and "orders: 2" in erasure.outcome  # the erasure is itself recorded
    assert not marketing_send_allowed(merchant_id=orders[0].merchant_id, email=EMAIL, channel="sms")
    assert not client.login(email=EMAIL, password="a-long-pass-phrase-9")


def test_an_open_order_delays_erasure_and_staff_run_it_once_delivered(client, filled_cart, django_user_model):
    user, orders = buyer_with_orders(filled_cart, deliver=False)
    client.force_login(user)
    client.post(reverse("storefront:privacy_request"), {"kind": "erasure", "confirm": "1"})
    request = DataRequest.objects.get(kind="erasure")
    assert request.status == "open" and "commande" in request.outcome  # the reason, in the person's language
    assert Order.objects.filter(email=EMAIL).count() == 2  # nothing erased while the carrier needs the address

    for order in orders:
        for status in ("confirmed", "shipped", "delivered"):
            order = order_move(order=Order.objects.get(pk=order.pk), to_status=status, actor=None)
    staff = django_user_model.objects.create_user("dpo@tijara.ma", "x-strong-pass-1", is_staff=True)
    client.force_login(staff)
    client.post(reverse("dashboard:privacy_request_answer", args=[request.pk]), {"action": "erase"})
    request.refresh_from_db()
    assert request.status == "done" and request.email == ""
    assert not Order.objects.filter(email=EMAIL).exists()


def test_erasure_without_confirmation_does_nothing(client, filled_cart):
    user, _orders = buyer_with_orders(filled_cart)
    client.force_login(user)
    client.post(reverse("storefront:privacy_request"), {"kind": "erasure"})
    assert DataRequest.objects.count() == 0 and Order.objects.filter(email=EMAIL).count() == 2
