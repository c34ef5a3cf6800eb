"""The confirmation call queue: claiming, outcomes, automatic cancellation, the back-office pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.fulfilment.conftest import client_for, cod_order, stock_of
from tijara.fulfilment import selectors
from tijara.fulfilment.models import CallState, CallTask
from tijara.fulfilment.services import CallClaimed, FulfilmentError, call_claim, call_outcome_record
from tijara.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db


def test_a_claimed_call_is_refused_to_a_second_staff_member_until_it_expires(store_a, owner_a, staff_a, product_a):
    """[COD-CALL-CLAIM]"""
    order = cod_order(store_a, product_a, "ARG-000001")
    task = call_claim(order=order, user=owner_a)
    assert task.claimed_by == owner_a and task.claim_expires_at > timezone.now()
    with pytest.raises(CallClaimed):
        call_claim(order=order, user=staff_a)
    with pytest.raises(CallClaimed):  # recording an outcome needs the claim too
        call_outcome_record(order=order, user=staff_a, outcome="confirmed")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED
    CallTask.objects.filter(pk=task.pk).update(claim_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert call_claim(order=order, user=staff_a).claimed_by == staff_a


def test_confirmed_call_confirms_the_order_and_leaves_the_queue(store_a, owner_a, product_a):
    order = cod_order(store_a, product_a, "ARG-000001")
    task = call_outcome_record(order=order, user=owner_a, outcome="confirmed", note="ok")
    assert task.state == CallState.CONFIRMED and task.claimed_by is None
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CONFIRMED
    assert selectors.queue_orders(store_a) == []


def test_three_unanswered_calls_cancel_the_order_and_release_its_stock(store_a, owner_a, product_a):
    """[COD-CALL-CANCEL]"""
    before = stock_of(product_a)
    order = cod_order(store_a, product_a, "ARG-000001", quantity=2)
    assert stock_of(product_a) == before - 2
    call_outcome_record(order=order, user=owner_a, outcome="no_answer")
    call_outcome_record(order=order, user=owner_a, outcome="wrong_number")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED
    task = call_outcome_record(order=order, user=owner_a, outcome="no_answer")
    order.refresh_from_db()
    assert task.state == CallState.CANCELLED and task.unanswered == 3
    assert order.status == OrderStatus.CANCELLED and "3" in order.cancel_reason
    assert stock_of(product_a) == before


def test_the_number_of_unanswered_calls_is_a_setting(store_a, owner_a, product_a, settings):
    """[COD-CALL-CANCEL]"""
    settings.TIJARA_COD_MAX_UNANSWERED = 1
    order = cod_order(store_a, product_a, "ARG-000001")
    call_outcome_record(order=order, user=owner_a, outcome="no_answer")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED


def test_a_refusal_needs_a_reason_then_cancels_with_it_and_releases_stock(store_a, owner_a, product_a):
    """[COD-CALL-CANCEL]"""
    before = stock_of(product_a)
    order = cod_order(store_a, product_a, "ARG-000001")
    with pytest.raises(FulfilmentError) as refused:
        call_outcome_record(order=order, user=owner_a, outcome="refused", note="  ")
    assert refused.value.field == "note"
    call_outcome_record(order=order, user=owner_a, outcome="refused", note="ordered by mistake")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and "ordered by mistake" in order.cancel_reason
    assert stock_of(product_a) == before


def test_the_queue_orders_itself_by_next_action_time(store_a, owner_a, product_a):
    first = cod_order(store_a, product_a, "ARG-000001")
    second = cod_order(store_a, product_a, "ARG-000002")
    assert [o.number for o in selectors.queue_orders(store_a)] == [first.number, second.number]
    call_outcome_record(order=first, user=owner_a, outcome="no_answer")  # tried again later
    assert [o.number for o in selectors.queue_orders(store_a)] == [second.number, first.number]
    soon = timezone.now() + dt.timedelta(minutes=5)
    call_outcome_record(order=second, user=owner_a, outcome="call_back", call_back_at=soon)
    assert [o.number for o in selectors.queue_orders(store_a)] == [second.number, first.number]
    with pytest.raises(FulfilmentError):  # a call back needs a time to come
        call_outcome_record(order=first, user=owner_a, outcome="call_back",
                            call_back_at=timezone.now() - dt.timedelta(minutes=1))


def test_call_next_takes_the_first_due_call_nobody_holds(store_a, owner_a, staff_a, product_a):
    """[COD-CALL-CLAIM]"""
    from tijara.fulfilment.services import call_next

    first = cod_order(store_a, product_a, "ARG-000001")
    second = cod_order(store_a, product_a, "ARG-000002")
    call_claim(order=first, user=owner_a)
    assert call_next(merchant=store_a, user=staff_a) == second
    call_outcome_record(order=second, user=staff_a, outcome="call_back",
                        call_back_at=timezone.now() + dt.timedelta(hours=1))
    assert call_next(merchant=store_a, user=staff_a) is None  # one taken, the other not due yet


def test_only_placed_cod_orders_are_called(store_a, owner_a, product_a):
    from tests.fulfilment.conftest import make_order

    card = make_order(store_a, number="ARG-000009", payment_method="card")
    with pytest.raises(FulfilmentError):
        call_claim(order=card, user=owner_a)


def test_staff_work_the_queue_in_the_back_office(store_a, staff_a, owner_a, product_a, django_assert_max_num_queries):
    """[COD-CALL-CLAIM]"""
    for n in range(1, 6):
        cod_order(store_a, product_a, f"ARG-00000{n}")
    client = client_for(staff_a)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("dashboard:call_queue"))
    assert page.status_code == 200 and b"ARG-000005" in page.content
    taken = client.post(reverse("dashboard:call_queue"))
    assert taken.status_code == 302 and taken.url.endswith("/calls/ARG-000001/")
    detail = client.get(taken.url)
    assert b'name="outcome"' in detail.content
    # the owner, at the same time, sees it is being called and cannot record anything
    other = client_for(owner_a).get(taken.url)
    assert b"data-claimed" in other.content and b'name="outcome"' not in other.content
    bad = client.post(taken.url, {"action": "outcome", "outcome": "refused", "note": ""})
    assert bad.status_code == 400
    assert Order.objects.get(number="ARG-000001").status == OrderStatus.PLACED
    done = client.post(taken.url, {"action": "outcome", "outcome": "confirmed", "note": "ok"})
    assert done.status_code == 302
    assert Order.objects.get(number="ARG-000001").status == OrderStatus.CONFIRMED


def test_another_stores_call_answers_404(store_b, product_b, client_a):
    order = cod_order(store_b, product_b, "BAZ-000001")
    url = reverse("dashboard:call_detail", args=[order.number])
    assert client_a.get(url).status_code == 404
    assert client_a.post(url, {"action": "outcome", "outcome": "confirmed"}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED
