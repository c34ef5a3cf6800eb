# ruff: noqa: F811  (fixtures imported above are then requested by name)
"""A guest follows an order from the signed link of every buyer e-mail; the buyer hears when it ships and when it
is delivered, in the order's language, with the carrier and tracking number when the parcel has a shipment."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.checkout.helpers import new_key
from tests.fulfilment.conftest import (  # noqa: F401  (fixtures)
    category,
    cod_order,
    product_a,
    store_a,
)
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.fulfilment.services import carrier_add, shipment_create, shipment_outcome
from tijara.orders.models import Order, OrderStatus
from tijara.orders.rules import received_on, withdrawal_last_day
from tijara.orders.tracking import FLOOR_DAYS, order_from_token, order_tracking_token
from tijara.payments.models import Payment
from tijara.payments.services import order_move

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    """Pages visited in Arabic leave it active in this thread (LocaleMiddleware): give the next test French back."""
    yield
    translation.deactivate()

LINK = re.compile(r"https?://[^\s\"<]+/orders/track/[^\s\"</]+/")


def link_in(message) -> str:
    found = LINK.findall(message.body)
    assert found, message.body
    return found[0]


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def confirmed(merchant, product, number: str, *, language: str = "fr") -> Order:
    order = cod_order(merchant, product, number)
    Order.objects.filter(pk=order.pk).update(language=language)
    Payment.objects.create(merchant=merchant, order=order, provider="cod", status="pending", amount=order.total)
    return order_move(order=Order.objects.get(pk=order.pk), to_status=OrderStatus.CONFIRMED, actor=None)


@pytest.fixture
def carrier(store_a):
    return carrier_add(merchant=store_a, reference_code="amana-barid-al-maghrib-poste-maroc")


def test_a_guest_opens_the_order_from_the_acknowledgement_link_in_another_browser(filled_cart, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        orders = checkout_confirm(cart=filled_cart, idempotency_key=new_key(),
                                  fingerprint=checkout_prepare(cart=filled_cart).fingerprint)
    order = orders[0]
    message = next(m for m in mail.outbox if order.number in m.subject)
    url = link_in(message)
    assert url in message.alternatives[0][0]  # the HTML part carries it too
    other_browser = Client()  # no session, no cookie: not the browser that ordered
    assert other_browser.get(f"/fr/orders/{order.number}/").status_code == 404
    response = other_browser.get(path_of(url), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/orders/{order.number}/")  # the token leaves the address bar
    assert order.number in response.content.decode()
    # The order's documents now open in that browser too; another order of the same checkout does not.
    assert other_browser.get(f"/fr/orders/{orders[1].number}/").status_code == 404


def test_a_forged_or_altered_link_is_a_plain_404(store_a, product_a):
    order = cod_order(store_a, product_a, "ARG-000001")
    token = order_tracking_token(order)
    other = cod_order(store_a, product_a, "ARG-000002")
    payload, stamp, signature = token.split(":")
    forged = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character of the signature changed
        token.replace(payload, order_tracking_token(other).split(":")[0]),  # another order's id, old signature
        "eyJvIjoxfQ:1abcde:" + "x" * 27,  # made up
        "not-a-token",
    ]
    bodies = set()
    for bad in forged:
        response = Client().get(f"/fr/orders/track/{bad}/")
        assert response.status_code == 404
        text = response.content.decode().replace(bad, "TOKEN").replace(quote(bad), "TOKEN").lower()  # its address
        bodies.add(text)
        assert "signature" not in text and "expired" not in text and "expir" not in text
    assert len(bodies) == 1  # the same page whatever was wrong: no hint
    assert order_from_token(token) == order


def test_the_link_stops_when_the_orders_address_changes(store_a, product_a):
    """An erased order (its address replaced) can no longer be opened with an old e-mail."""
    order = cod_order(store_a, product_a, "ARG-000001")
    token = order_tracking_token(order)
    Order.objects.filter(pk=order.pk).update(email="erased-1@invalid")
    assert Client().get(f"/fr/orders/track/{token}/").status_code == 404


def test_the_link_outlives_the_withdrawal_window_even_if_set_shorter(store_a, product_a, settings):
    settings.TIJARA_ORDER_LINK_DAYS = 3  # too short: raised to delivery limit + 30 days + 15 refund days
    order = cod_order(store_a, product_a, "ARG-000001")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = order_tracking_token(order)
    with time_machine.travel(start + dt.timedelta(days=FLOOR_DAYS - 1), tick=False):
        assert Client().get(f"/fr/orders/track/{token}/").status_code == 302
    with time_machine.travel(start + dt.timedelta(days=FLOOR_DAYS + 1), tick=False):
        assert Client().get(f"/fr/orders/track/{token}/").status_code == 404


def test_shipping_with_a_carrier_emails_the_tracking_number_in_the_buyers_language(
        store_a, product_a, carrier, django_capture_on_commit_callbacks):
    order = confirmed(store_a, product_a, "ARG-000001", language="ar")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shipment_create(order=order, carrier=carrier, actor=None, tracking_number="ab 123 456 ma")
    shipped = [m for m in mail.outbox if order.number in m.subject and "الطريق" in m.subject]
    assert len(shipped) == 1, [m.subject for m in mail.outbox]
    body = shipped[0].body
    assert carrier.name in body and "AB123456MA" in body
    assert "رقم التتبع" in body  # "Tracking number" in Arabic
    assert 'dir="rtl"' in shipped[0].alternatives[0][0]
    # The link opens the order page, in Arabic, with the tracking number.
    response = Client().get(path_of(link_in(shipped[0])), follow=True)
    assert response.redirect_chain[-1][0].startswith("/ar/")
    assert "AB123456MA" in response.content.decode()


def test_delivery_emails_the_buyer_with_the_last_day_to_withdraw(
        store_a, product_a, carrier, django_capture_on_commit_callbacks):
    order = confirmed(store_a, product_a, "ARG-000001")
    shipment = shipment_create(order=order, carrier=carrier, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shipment_outcome(shipment=shipment, outcome="delivered", actor=None)
    delivered = [m for m in mail.outbox if "livrée" in m.subject]
    assert len(delivered) == 1, [m.subject for m in mail.outbox]
    delivered_order = Order.objects.get(pk=order.pk)
    last_day = withdrawal_last_day(delivered_order)
    assert last_day == received_on(delivered_order) + dt.timedelta(days=30)  # no written confirmation was sent
    assert order.number in delivered[0].subject
    with translation.override("fr"):
        assert date_format(last_day, "DATE_FORMAT") in delivered[0].body
    assert LINK.search(delivered[0].body)


def test_an_order_shipped_without_a_shipment_still_emails_the_buyer(store_a, product_a,
                                                                     django_capture_on_commit_callbacks):
    order = confirmed(store_a, product_a, "ARG-000001")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order=order, to_status=OrderStatus.SHIPPED, actor=None)
    shipped = [m for m in mail.outbox if "en route" in m.subject]
    assert len(shipped) == 1, [m.subject for m in mail.outbox]
    assert "Numéro de suivi" not in shipped[0].body and LINK.search(shipped[0].body)


def test_no_email_leaves_when_the_move_is_rolled_back(store_a, product_a, django_capture_on_commit_callbacks):
    order = confirmed(store_a, product_a, "ARG-000001")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):  # noqa: PT012
        with transaction.atomic():
            order_move(order=order, to_status=OrderStatus.SHIPPED, actor=None)
            raise RuntimeError("the caller's transaction fails after the move")
    assert mail.outbox == []
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CONFIRMED


def test_the_written_confirmation_carries_the_signed_link_for_a_guest(store_a, product_a,
                                                                       django_capture_on_commit_callbacks):
    order = cod_order(store_a, product_a, "ARG-000001")
    Payment.objects.create(merchant=store_a, order=order, provider="cod", status="pending", amount=order.total)
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order=order, to_status=OrderStatus.CONFIRMED, actor=None)
    confirmation = next(m for m in mail.outbox if order.number in m.subject)
    assert order_from_token(link_in(confirmation).rstrip("/").rsplit("/", 1)[1]) == order


def test_after_sale_emails_carry_the_signed_link(store_a, product_a):
    aftersale_emails = pytest.importorskip("tijara.aftersale.emails")
    order = cod_order(store_a, product_a, "ARG-000001")
    line = order.lines.get()
    aftersale_emails.line_unavailable_send(line.pk)
    url = link_in(mail.outbox[-1])
    assert order_from_token(url.rstrip("/").rsplit("/", 1)[1]) == order


def test_the_shipping_email_is_a_job_queued_with_the_move(store_a, product_a, carrier, settings):
    """With a durable queue the job row commits with the status change; the worker sends it later."""
    from django_tasks import default_task_backend

    from tijara.orders.emails import order_status_email

    order = confirmed(store_a, product_a, "ARG-000001")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    mail.outbox.clear()
    shipment_create(order=order, carrier=carrier, actor=None, tracking_number="AB1")
    jobs = [r for r in default_task_backend.results if r.task.module_path == order_status_email.module_path]
    assert [job.args for job in jobs] == [[order.pk, "shipped", carrier.name, "AB1"]] and mail.outbox == []
    jobs[0].task.call(*jobs[0].args)  # what the worker does
    assert "AB1" in mail.outbox[-1].body
    default_task_backend.clear()
