"""The acknowledgement e-mail [EC-ACK] is a django-tasks job: queued with the orders, sent outside the request."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks import default_task_backend

from tests.checkout.helpers import fill_details, new_key
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.emails import order_acknowledgement

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings):
    """A backend that keeps jobs instead of running them (stands for the durable database queue)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def confirm(cart):
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)


def test_confirmation_queues_one_acknowledgement_job_per_order_and_sends_nothing_itself(filled_cart, queued_tasks):
    orders = confirm(filled_cart)
    assert mail.outbox == []
    jobs = [r for r in queued_tasks.results if r.task.module_path == order_acknowledgement.module_path]
    assert sorted(job.args[0] for job in jobs) == sorted(o.pk for o in orders)
    for job in jobs:  # what the worker does
        job.task.call(*job.args, **job.kwargs)
    assert sorted(m.to[0] for m in mail.outbox) == ["salma@example.ma", "salma@example.ma"]
    assert all(any(o.number in m.body for m in mail.outbox) for o in orders)


def test_refused_confirmation_queues_no_job(filled_cart, shop, queued_tasks):
    from tijara.cart import errors
    from tijara.catalog.models import Variant

    recap = checkout_prepare(cart=filled_cart)
    Variant.objects.filter(pk=shop["tile"].pk).update(stock=0)
    with pytest.raises(errors.OutOfStock):
        checkout_confirm(cart=filled_cart, idempotency_key=new_key(), fingerprint=recap.fingerprint)
    assert queued_tasks.results == []


def test_immediate_backend_sends_only_after_commit(filled_cart, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm(filled_cart)
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("instant, language, label, day, time", [
    ("2025-06-10T23:30:00+00:00", "fr", "Passée le", "11 juin 2025", "00:30"),  # Morocco on UTC+1: the next day
    ("2025-03-10T23:30:00+00:00", "fr", "Passée le", "10 mars 2025", "23:30"),  # Ramadan: Morocco on UTC
    ("2025-06-10T08:05:00+00:00", "ar", "بتاريخ", "10 يونيو، 2025", "09:05"),
])
def test_acknowledgement_states_when_the_order_was_placed_in_casablanca_time(
        filled_cart, instant, language, label, day, time, queued_tasks):
    """[EC-ACK] The e-mail confirms receipt of the order at the date and time it was placed, in Morocco,
    whatever time zone the worker that sends it runs in."""
    fill_details(filled_cart, language=language)
    with time_machine.travel(dt.datetime.fromisoformat(instant), tick=False):
        orders = confirm(filled_cart)
    assert {order.created_at for order in orders} == {dt.datetime.fromisoformat(instant)}
    with timezone.override("UTC"):
        for job in queued_tasks.results:
            job.task.call(*job.args, **job.kwargs)
    assert len(mail.outbox) == len(orders) == 2
    for message in mail.outbox:
        assert f"{label}: {day} {time} (Africa/Casablanca)" in message.body
        html = message.alternatives[0][0]
        assert f'{label}: {day} <span dir="ltr">{time} (Africa/Casablanca)</span>' in html


@pytest.mark.parametrize("method, language, label", [
    ("cod", "fr", "Paiement à la livraison"), ("transfer", "fr", "Virement bancaire"), ("card", "ar", None),
])
def test_acknowledgement_names_the_payment_method_the_buyer_chose(filled_cart, method, language, label,
                                                                django_capture_on_commit_callbacks):
    """The acknowledgement restates the order as placed [EC-ACK], its payment method included."""
    from django.utils import translation

    from tijara.orders.models import PaymentMethod

    fill_details(filled_cart, payment_method=method, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        orders = confirm(filled_cart)
    with translation.override(language):
        expected = label or str(PaymentMethod(method).label)
        others = [str(m.label) for m in PaymentMethod if m != method]
    assert len(mail.outbox) == len(orders)
    for message in mail.outbox:
        assert expected in message.body
        assert not any(other in message.body for other in others)
