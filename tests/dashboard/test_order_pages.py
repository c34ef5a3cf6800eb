"""Back-office order pages (dashboard/views/orders.py): the one version of the merchant's order screens."""

import pytest

from tests.dashboard.conftest import client_for, make_member, make_order
from tijara.accounts.models import User
from tijara.merchants.models import Role
from tijara.orders.models import Order

pytestmark = pytest.mark.django_db

ORDERS = "/fr/dashboard/orders/"


def test_merchant_sees_only_its_own_orders(client_a, store_a, store_b, product_a, product_b):
    make_order(store_a, number="ARG-000001", product=product_a)
    make_order(store_b, number="BAZ-000001", product=product_b)
    page = client_a.get(ORDERS).content.decode()
    assert "ARG-000001" in page and "BAZ-000001" not in page
    assert client_a.get(f"{ORDERS}BAZ-000001/").status_code == 404


def test_impossible_move_shows_an_error_and_changes_nothing(client_a, store_a, product_a):
    make_order(store_a, number="ARG-000001", product=product_a)
    client_a.post(f"{ORDERS}ARG-000001/", {"to_status": "confirmed"})
    response = client_a.post(f"{ORDERS}ARG-000001/", {"to_status": "completed"}, follow=True)
    assert Order.objects.get(number="ARG-000001").status == "confirmed"
    assert 'class="message error"' in response.content.decode()


def test_cancel_without_reason_is_refused(client_a, store_a, product_a):
    make_order(store_a, number="ARG-000001", product=product_a)
    client_a.post(f"{ORDERS}ARG-000001/", {"to_status": "cancelled", "reason": ""})
    assert Order.objects.get(number="ARG-000001").status == "placed"
    client_a.post(f"{ORDERS}ARG-000001/", {"to_status": "cancelled", "reason": "Client injoignable"})
    assert Order.objects.get(number="ARG-000001").status == "cancelled"


def test_anonymous_customer_and_other_merchant_cannot_move_an_order(client, store_a, store_b, owner_b, product_a):
    make_order(store_a, number="ARG-000001", product=product_a)
    assert client.get(ORDERS).status_code == 302  # to sign-in
    assert client.post(f"{ORDERS}ARG-000001/", {"to_status": "confirmed"}).status_code == 302
    customer = client_for(User.objects.create_user("client@example.ma", "a long enough pass 42"))
    assert customer.post(f"{ORDERS}ARG-000001/", {"to_status": "confirmed"})["Location"].endswith("/onboarding/")
    assert client_for(owner_b).post(f"{ORDERS}ARG-000001/", {"to_status": "confirmed"}).status_code == 404
    assert Order.objects.get(number="ARG-000001").status == "placed"


def test_staff_member_manages_orders(store_a, product_a):
    make_order(store_a, number="ARG-000001", product=product_a)
    staff = client_for(make_member(store_a, Role.STAFF, email="staff@argania.ma"))
    staff.post(f"{ORDERS}ARG-000001/", {"to_status": "confirmed"})
    assert Order.objects.get(number="ARG-000001").status == "confirmed"


def test_order_list_query_count_does_not_grow_with_the_page(client_a, store_a, django_assert_max_num_queries):
    for i in range(1, 31):
        make_order(store_a, number=f"ARG-{i:06d}")
    with django_assert_max_num_queries(10):
        assert client_a.get(ORDERS).status_code == 200


def test_detail_timeline_and_payment_are_in_the_pages_language(client_a, store_a, product_a):
    make_order(store_a, number="ARG-000001", product=product_a, payment_method="cod")
    client_a.post(f"{ORDERS}ARG-000001/", {"to_status": "confirmed"})
    page = client_a.get(f"{ORDERS}ARG-000001/").content.decode()
    timeline = page[page.index('class="timeline"'):]
    assert "Passée" in timeline and "Confirmée par téléphone" in timeline and "confirmed" not in timeline
    assert "<dd>Paiement à la livraison</dd>" in page
