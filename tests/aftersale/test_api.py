"""After-sale in the API: buyers with number + e-mail, merchants scoped to their store [CP-WITHDRAWAL-FORM]
[CP-WITHDRAWAL-DEADLINE] [CP-REFUND-15-DAYS] [CP-DELIVERY-UNAVAILABLE]."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from tests.aftersale.conftest import CASA, place
from tests.dashboard.conftest import client_for, make_member
from tijara.aftersale.models import RefundDue, RefundDueStatus
from tijara.merchants.models import Role
from tijara.orders.models import OrderLine

pytestmark = pytest.mark.django_db
DAY_3 = dt.datetime(2026, 5, 7, 11, 0, tzinfo=CASA)


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_buyer_reads_the_window_and_withdraws_per_line(delivered_order):
    """[CP-WITHDRAWAL-FORM] the honey says why it is excluded; a line twice is 409; a wrong e-mail is 404."""
    base = f"/api/v1/orders/{delivered_order.number}"
    assert Client().get(f"{base}/withdrawal", {"email": "other@example.ma"}).status_code == 404
    with time_machine.travel(DAY_3, tick=False):
        rights = Client().get(f"{base}/withdrawal", {"email": "salma@example.ma"}).json()
        assert rights["open"] and rights["last_day"] == "2026-05-11"
        honey = next(line for line in rights["lines"] if line["product"] == "Miel de thym")
        assert not honey["withdrawable"] and honey["not_withdrawable_reason"]
        oil = next(line for line in rights["lines"] if line["product"] == "Huile d'argan")
        created = post(Client(), f"{base}/withdrawals", {"email": "salma@example.ma", "lines": [oil["id"]]})
        assert created.status_code == 201
        assert created.json()["refunds_due"][0]["due_on"] == "2026-05-22"
        again = post(Client(), f"{base}/withdrawals", {"email": "salma@example.ma", "lines": [oil["id"]]})
        assert again.status_code == 409 and again.json()["field"] == "lines"
        assert post(Client(), f"{base}/withdrawals", {"email": "x@example.ma", "lines": []}).status_code == 404


def test_day_8_answers_409_with_the_end_date(delivered_order):
    """[CP-WITHDRAWAL-DEADLINE]"""
    with time_machine.travel(dt.datetime(2026, 5, 12, 0, 0, 1, tzinfo=CASA), tick=False):
        refused = post(Client(), f"/api/v1/orders/{delivered_order.number}/withdrawals",
                       {"email": "salma@example.ma", "lines": []})
    assert refused.status_code == 409 and "11 mai 2026" in refused.json()["message"]
    assert not RefundDue.objects.exists()


def test_merchant_lists_checks_in_and_refunds_once(delivered_order):
    """[CP-REFUND-15-DAYS] overdue list with interest; the second refund is 409 and refunds nothing."""
    with time_machine.travel(DAY_3, tick=False):
        post(Client(), f"/api/v1/orders/{delivered_order.number}/withdrawals", {"email": "salma@example.ma", "lines": []})
    due = RefundDue.objects.get()
    owner = client_for(make_member(delivered_order.merchant, Role.OWNER))
    with time_machine.travel(dt.datetime(2026, 5, 25, 10, 0, tzinfo=CASA), tick=False):
        [row] = owner.get("/api/v1/merchant/aftersale/refunds-due", {"state": "overdue"}).json()["results"]
        assert row["overdue_days"] == 3 and row["legal_interest"] != "0.00" and row["checked_in"] is False
        assert post(owner, f"/api/v1/merchant/aftersale/withdrawals/{due.withdrawal_id}/check-in", {}).json()[
            "checked_in"] is True
        paid = post(owner, f"/api/v1/merchant/aftersale/refunds-due/{due.pk}/refund", {"reference": "RECU-9"})
        assert paid.status_code == 200 and paid.json()["status"] == RefundDueStatus.SETTLED
        twice = post(owner, f"/api/v1/merchant/aftersale/refunds-due/{due.pk}/refund", {"reference": "RECU-10"})
        assert twice.status_code == 409
        assert owner.get("/api/v1/merchant/aftersale/refunds-due", {"state": "overdue"}).json()["results"] == []
    staff = client_for(make_member(delivered_order.merchant, Role.STAFF))
    assert post(staff, f"/api/v1/merchant/aftersale/refunds-due/{due.pk}/refund", {"reference": "R"}).status_code == 403


def test_merchant_cancels_an_unavailable_line(store):
    """[CP-DELIVERY-UNAVAILABLE]"""
    order = place(store, placed=dt.datetime(2026, 4, 27, 10, 0, tzinfo=CASA))
    owner = client_for(make_member(order.merchant, Role.OWNER))
    soap = OrderLine.objects.get(order=order, product_name="Savon beldi")
    url = f"/api/v1/merchant/orders/{order.number}/lines/{soap.pk}/unavailable"
    assert post(owner, url, {"reason": ""}).status_code == 400
    done = post(owner, url, {"reason": "rupture"})
    assert done.status_code == 200 and done.json()["status"] == "placed"
    assert post(owner, url, {"reason": "rupture"}).status_code == 409
