"""The buyer's withdrawal form and the back-office after-sale pages [CP-WITHDRAWAL-FORM] [CP-WITHDRAWAL-DEADLINE]
[CP-REFUND-15-DAYS] [CP-REFUND-INTEREST]: who may see them, what they show, what they change."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from tests.aftersale.conftest import CASA
from tests.dashboard.conftest import client_for, make_member
from tests.factories import make_merchant
from tijara.accounts.models import User
from tijara.aftersale.models import RefundDue, RefundDueStatus, Withdrawal
from tijara.merchants.models import Role

pytestmark = pytest.mark.django_db
DAY_3 = dt.datetime(2026, 5, 7, 11, 0, tzinfo=CASA)
DAY_8 = dt.datetime(2026, 5, 12, 0, 0, 1, tzinfo=CASA)


def guest(order) -> Client:
    client = Client()
    client.post("/fr/orders/find/", {"number": order.number, "email": "salma@example.ma"})
    return client


def test_guest_withdraws_one_line_and_a_stranger_gets_404(delivered_order):
    """[CP-WITHDRAWAL-FORM] the guest who proved number + e-mail sees the form; anyone else a 404."""
    url = f"/fr/orders/{delivered_order.number}/withdraw/"
    assert Client().get(url).status_code == 404
    assert Client().post(url, {"scope": "all"}).status_code == 404
    client = guest(delivered_order)
    oil = delivered_order.lines.get(product_name="Huile d'argan")
    with time_machine.travel(DAY_3, tick=False):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "11 mai 2026" in html and "Miel de thym" in html
        assert "denrées" in html.lower() or "périssable" in html.lower()  # the honey's exclusion, stated
        done = client.post(url, {"scope": "lines", "lines": [str(oil.pk)]}, follow=True)
    assert done.status_code == 200
    assert list(Withdrawal.objects.get().lines.values_list("order_line_id", flat=True)) == [oil.pk]
    order_page = client.get(f"/fr/orders/{delivered_order.number}/").content.decode()
    assert "240,00" in order_page  # the refund due, on the order page


def test_form_refuses_after_the_last_day_and_says_when_it_ended(delivered_order):
    """[CP-WITHDRAWAL-DEADLINE] day 8: no form, the end date; a stale form posted is refused with it."""
    client = guest(delivered_order)
    url = f"/fr/orders/{delivered_order.number}/withdraw/"
    with time_machine.travel(DAY_8, tick=False):
        page = client.get(url).content.decode()
        assert "11 mai 2026" in page and 'name="scope"' not in page
        refused = client.post(url, {"scope": "all"})
    assert refused.status_code == 409 and "11 mai 2026" in refused.content.decode()
    assert not Withdrawal.objects.exists()
    assert client.post(url, {"scope": "lines", "lines": ["x" * 50]}).status_code == 400  # nothing ticked


def test_merchant_sees_flag_checks_in_and_refunds_then_flag_clears(delivered_order):
    """[CP-REFUND-15-DAYS] [CP-REFUND-INTEREST] overdue from day 16 with interest; refund clears it."""
    with time_machine.travel(DAY_3, tick=False):
        guest(delivered_order).post(f"/fr/orders/{delivered_order.number}/withdraw/", {"scope": "all"})
    due = RefundDue.objects.get()
    owner = client_for(make_member(delivered_order.merchant, Role.OWNER))
    with time_machine.travel(dt.datetime(2026, 5, 23, 10, 0, tzinfo=CASA), tick=False):  # due 22 May
        html = owner.get("/fr/dashboard/aftersale/").content.decode()
        assert "data-overdue" in html and "1 jour de retard" in html
        owner.post(f"/fr/dashboard/aftersale/withdrawals/{due.withdrawal_id}/check-in/")
        owner.post(f"/fr/dashboard/aftersale/refunds/{due.pk}/refund/", {"reference": "RECU-7"})
        html = owner.get("/fr/dashboard/aftersale/").content.decode()
    due.refresh_from_db()
    assert due.status == RefundDueStatus.SETTLED and due.withdrawal.checked_in_at is not None
    assert "data-overdue" not in html


def test_staff_role_cannot_refund_and_other_store_gets_404(delivered_order):
    """[CP-REFUND-15-DAYS] refunds need the payments permission; another store's ids answer 404."""
    with time_machine.travel(DAY_3, tick=False):
        guest(delivered_order).post(f"/fr/orders/{delivered_order.number}/withdraw/", {"scope": "all"})
    due = RefundDue.objects.get()
    staff = client_for(make_member(delivered_order.merchant, Role.STAFF))
    assert staff.post(f"/fr/dashboard/aftersale/refunds/{due.pk}/refund/", {"reference": "R"}).status_code == 403
    other = client_for(make_member(make_merchant(name="Autre", slug="autre"), Role.OWNER))
    assert other.post(f"/fr/dashboard/aftersale/refunds/{due.pk}/refund/", {"reference": "R"}).status_code == 404
    assert other.post(f"/fr/dashboard/aftersale/withdrawals/{due.withdrawal_id}/check-in/").status_code == 404
    assert other.get(f"/fr/dashboard/aftersale/orders/{delivered_order.number}/").status_code == 404
    due.refresh_from_db()
    assert due.status == RefundDueStatus.OPEN and due.withdrawal.checked_in_at is None


def test_platform_staff_see_every_overdue_case(delivered_order, django_assert_max_num_queries):
    """[CP-REFUND-15-DAYS] [CP-DELIVERY-30] staff only; constant queries."""
    with time_machine.travel(DAY_3, tick=False):
        guest(delivered_order).post(f"/fr/orders/{delivered_order.number}/withdraw/", {"scope": "all"})
    owner = client_for(make_member(delivered_order.merchant, Role.OWNER))
    assert owner.get("/fr/dashboard/aftersale/overdue/").status_code == 403
    staff = client_for(User.objects.create_user("staff@tijara.ma", "a long enough pass 42", is_staff=True))
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, 0, tzinfo=CASA), tick=False):
        with django_assert_max_num_queries(12):
            html = staff.get("/fr/dashboard/aftersale/overdue/").content.decode()
    assert delivered_order.number in html and "Argania" in html


def test_merchant_list_queries_do_not_grow_with_rows(store, django_assert_max_num_queries):
    """[CP-REFUND-15-DAYS] one withdrawal or three: the same number of queries."""
    from tests.aftersale.conftest import deliver, place
    from tijara.aftersale.services import withdrawal_request

    owner = client_for(make_member(store["merchant"], Role.OWNER))
    counts = []
    for _ in range(3):
        order = deliver(place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA)),
                        at=dt.datetime(2026, 5, 4, 15, 0, tzinfo=CASA))
        with time_machine.travel(DAY_3, tick=False):
            withdrawal_request(order=order, line_ids=[])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        with CaptureQueriesContext(connection) as queries:
            assert owner.get("/fr/dashboard/aftersale/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[2], counts


def test_order_page_offers_cancelling_a_late_delivery(store):
    """[CP-DELIVERY-LATE-CANCEL] the button appears from the 8th day after the delivery day, and works."""
    from tests.aftersale.conftest import place
    from tijara.orders.models import Order

    order = place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA))
    client = guest(order)
    last = dt.datetime.combine(order.deliver_by + dt.timedelta(days=7), dt.time(23, 0), tzinfo=CASA)
    with time_machine.travel(last, tick=False):
        assert "data-cancel-late" not in client.get(f"/fr/orders/{order.number}/").content.decode()
        client.post(f"/fr/orders/{order.number}/cancel-late/")
    assert Order.objects.get(pk=order.pk).status == "placed"
    with time_machine.travel(last + dt.timedelta(hours=2), tick=False):
        assert "data-cancel-late" in client.get(f"/fr/orders/{order.number}/").content.decode()
        owner = client_for(make_member(order.merchant, Role.OWNER)).get("/fr/dashboard/aftersale/").content.decode()
        assert "data-late-deliveries" in owner and order.number in owner  # [CP-DELIVERY-30] flagged to the store
        client.post(f"/fr/orders/{order.number}/cancel-late/")
    assert Order.objects.get(pk=order.pk).status == "cancelled"
    assert Client().post(f"/fr/orders/{order.number}/cancel-late/").status_code == 404
