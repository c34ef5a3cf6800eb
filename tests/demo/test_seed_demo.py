"""`tijara seed_demo`: accounts someone can sign in with, and a store with a past that went through every service."""

import datetime as dt
import io
import json
import stat
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from tijara.aftersale.models import RefundDue
from tijara.archive.verify import archive_verify
from tijara.catalog.seed import seed
from tijara.demo.seeding import BUYER_EMAIL, OWNER_EMAIL, REVIEWER_EMAIL
from tijara.fulfilment.models import Shipment
from tijara.invoicing.models import CreditNote, Invoice
from tijara.merchants.models import MerchantMembership, Role
from tijara.merchants.permissions import platform_can
from tijara.orders.models import Order, OrderStatus
from tijara.payments.models import Payment


@pytest.fixture
def demo(db, tmp_path):
    seed(seed=1, products=120)
    out = io.StringIO()
    path = tmp_path / "var" / "demo_accounts.json"
    call_command("seed_demo", accounts_file=str(path), orders=36, days=60, stdout=out)
    return path, out.getvalue()


def test_accounts_sign_in_with_passwords_kept_for_the_owner_only_and_printed(demo, client):
    path, printed = demo
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    accounts = {a["role"]: a for a in json.loads(path.read_text("utf-8"))["accounts"]}
    users = get_user_model().objects
    for role, email in (("owner", OWNER_EMAIL), ("reviewer", REVIEWER_EMAIL), ("buyer", BUYER_EMAIL)):
        assert accounts[role]["email"] == email and accounts[role]["password"] in printed
        assert users.get(email=email).check_password(accounts[role]["password"])
    owner, reviewer, buyer = (users.get(email=e) for e in (OWNER_EMAIL, REVIEWER_EMAIL, BUYER_EMAIL))
    assert MerchantMembership.objects.get(user=owner).role == Role.OWNER
    assert platform_can(reviewer, "merchants.review") and not reviewer.is_superuser
    assert Order.objects.filter(user=buyer).count() >= 2
    assert "second factor" in printed
    # The back-office home of the owner has sales to show.
    client.force_login(owner)
    home = client.get("/fr/dashboard/?days=90")
    assert home.status_code == 200 and home.context["sales"]["orders"] > 0
    # A second run (the demo's next start) changes nothing and prints the same accounts.
    again = io.StringIO()
    call_command("seed_demo", accounts_file=str(path), orders=36, days=60, stdout=again)
    assert users.count() == 3 and accounts["owner"]["password"] in again.getvalue()


def test_orders_of_every_status_dated_over_months_with_their_documents(demo):
    orders = list(Order.objects.all())
    assert {o.status for o in orders} == set(OrderStatus.values)
    assert {o.payment_method for o in orders} >= {"cod", "card"}
    now = timezone.now()
    assert min(o.created_at for o in orders) < now - dt.timedelta(days=45)
    assert max(o.created_at for o in orders) > now - dt.timedelta(days=2)
    # Through checkout, invoicing, payments and fulfilment, each dated when it happened.
    invoices = {i.order_id: i for i in Invoice.objects.all()}
    assert set(invoices) == {o.pk for o in orders}
    assert all(invoices[o.pk].issued_at == o.created_at for o in orders)
    shipments = Counter(Shipment.objects.values_list("status", flat=True))
    assert shipments["delivered"] and shipments["refused"]
    assert Payment.objects.filter(provider="card", status="captured").exists()
    # A withdrawal: goods back in, the refund paid within its 15 days and its credit note issued.
    due = RefundDue.objects.select_related("withdrawal").filter(withdrawal__isnull=False, status="settled").first()
    assert due is not None and due.withdrawal.checked_in_at is not None
    assert due.settled_at.date() <= due.due_on
    assert CreditNote.objects.filter(order_id=due.order_id).exists()
    assert all(o.delivered_at and o.delivered_at > o.created_at for o in orders if o.status == "completed")
    checked, failures = archive_verify()
    assert checked >= len(orders) and failures == []


def test_jobs_run_at_their_moment_so_the_written_confirmation_precedes_shipping(db, tmp_path, settings):
    """With the demo's job queue, the seeding runs each queued job (e-mails, the written confirmation) at the moment
    of the step that queued it, as the worker would have, instead of months late at the demo's first start."""
    from django_tasks_db.models import DBTaskResult

    from tijara.orders.models import OrderStatusChange

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    seed(seed=1, products=60)
    call_command("seed_demo", accounts_file=str(tmp_path / "a.json"), orders=10, days=30, stdout=io.StringIO())
    shipped = {c.order_id: c.created_at for c in OrderStatusChange.objects.filter(to_status=OrderStatus.SHIPPED)}
    assert shipped
    for order in Order.objects.filter(pk__in=shipped):
        assert order.confirmation_sent_at is not None and order.confirmation_sent_at <= shipped[order.pk]
    assert not DBTaskResult.objects.ready().exists()
    assert not DBTaskResult.objects.failed().exists()
