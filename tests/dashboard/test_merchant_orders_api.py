"""Merchant API orders: the signed-in merchant's orders only, filtered and paginated, moved along the
status machine by orders.services.order_transition; refusals are JSON {"message", "field"}."""

import datetime as dt
import json

import pytest
from django.test import Client

from tests.dashboard.conftest import client_for, make_member, make_order
from tijara.accounts.models import User
from tijara.catalog.models import Variant
from tijara.core.models import City
from tijara.merchants.models import Role
from tijara.orders.models import Order

pytestmark = pytest.mark.django_db

API = "/api/v1/merchant/orders"


def post(client, url: str, body: dict | None = None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def orders_a(store_a, product_a):
    return [
        make_order(store_a, number="ARG-000001", product=product_a, payment_method="cod"),
        make_order(store_a, number="ARG-000002", product=product_a, payment_method="card", email="autre@example.ma"),
    ]


def test_list_shows_only_my_orders_newest_first(client_a, orders_a, store_b, product_b):
    make_order(store_b, number="BAZ-000001", product=product_b)
    body = client_a.get(API).json()
    assert [o["number"] for o in body["items"]] == ["ARG-000002", "ARG-000001"]
    assert body["count"] == 2 and body["pages"] == 1
    assert body["items"][0]["status"] == "placed" and body["items"][0]["total"] == "240.00"


def test_list_filters_by_status_payment_city_and_date(client_a, orders_a, store_a):
    Order.objects.filter(number="ARG-000001").update(status="confirmed")
    assert [o["number"] for o in client_a.get(f"{API}?status=confirmed").json()["items"]] == ["ARG-000001"]
    assert [o["number"] for o in client_a.get(f"{API}?payment=card").json()["items"]] == ["ARG-000002"]
    assert client_a.get(f"{API}?city={store_a.city_id}").json()["count"] == 2
    other_city = City.objects.exclude(pk=store_a.city_id).first()
    assert client_a.get(f"{API}?city={other_city.pk}").json()["count"] == 0
    today = dt.date.today()
    assert client_a.get(f"{API}?date_from={today}&date_to={today}").json()["count"] == 2
    assert client_a.get(f"{API}?date_to={today - dt.timedelta(days=1)}").json()["count"] == 0
    refused = client_a.get(f"{API}?status=lost")
    assert refused.status_code == 400 and refused.json()["field"] == "status"


def test_list_is_paginated_and_its_query_count_does_not_grow(client_a, store_a, django_assert_max_num_queries):
    for i in range(1, 56):
        make_order(store_a, number=f"ARG-{i:06d}")
    with django_assert_max_num_queries(6):
        first = client_a.get(API).json()
    assert len(first["items"]) == 50 and first["pages"] == 2 and first["count"] == 55
    assert len(client_a.get(f"{API}?page=2").json()["items"]) == 5


def test_detail_has_lines_payment_history_and_next_actions(client_a, orders_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        body = client_a.get(f"{API}/ARG-000001").json()
    assert body["number"] == "ARG-000001" and body["lines"][0]["quantity"] == 2
    assert body["next_actions"] == ["confirm", "cancel"]


def test_cod_order_is_confirmed_shipped_delivered_and_completed(client_a, orders_a):
    for action, status in (("confirm", "confirmed"), ("ship", "shipped"), ("deliver", "delivered"),
                           ("complete", "completed")):
        response = post(client_a, f"{API}/ARG-000001/{action}")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
    assert [h["to_status"] for h in response.json()["history"]] == ["confirmed", "shipped", "delivered", "completed"]


def test_impossible_move_is_a_json_error_and_changes_nothing(client_a, orders_a):
    response = post(client_a, f"{API}/ARG-000001/deliver")
    assert response.status_code == 409
    assert response.json()["field"] == "status" and "ARG-000001" in response.json()["message"]
    assert Order.objects.get(number="ARG-000001").status == "placed"


def test_cancel_needs_a_reason_then_gives_the_stock_back(client_a, orders_a, product_a):
    stock = Variant.objects.get(product=product_a).stock
    refused = post(client_a, f"{API}/ARG-000001/cancel", {"reason": "  "})
    assert refused.status_code == 400 and refused.json()["field"] == "reason" and refused.json()["message"]
    assert Order.objects.get(number="ARG-000001").status == "placed"
    done = post(client_a, f"{API}/ARG-000001/cancel", {"reason": "Client injoignable"})
    assert done.status_code == 200 and done.json()["cancel_reason"] == "Client injoignable"
    assert Variant.objects.get(product=product_a).stock == stock + 2


def test_another_merchants_order_answers_404_and_is_unchanged(client_a, store_b, product_b):
    make_order(store_b, number="BAZ-000001", product=product_b)
    assert client_a.get(f"{API}/BAZ-000001").status_code == 404
    response = post(client_a, f"{API}/BAZ-000001/confirm")
    assert response.status_code == 404 and response.json()["message"]
    assert "BAZ-000001" not in client_a.get(API).content.decode()
    assert Order.objects.get(number="BAZ-000001").status == "placed"


def test_anonymous_and_customers_are_refused_and_staff_may_manage_orders(store_a, orders_a):
    assert Client().get(API).status_code == 401
    assert post(Client(), f"{API}/ARG-000001/confirm").status_code in (401, 403)
    customer = client_for(User.objects.create_user("customer@example.ma", "a long enough pass 42"))
    assert customer.get(API).status_code == 403
    assert post(customer, f"{API}/ARG-000001/confirm").status_code == 403
    assert Order.objects.get(number="ARG-000001").status == "placed"
    staff = client_for(make_member(store_a, Role.STAFF, email="staff@argania.ma"))
    assert post(staff, f"{API}/ARG-000001/confirm").status_code == 200  # the permissions table: orders.manage
