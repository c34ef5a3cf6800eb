"""The merchant API of cash-on-delivery operations: queue outcomes, shipments, outcomes, status file."""

import io
import json

import pytest

from tests.fulfilment.conftest import client_for, cod_order, stock_of
from tijara.fulfilment.models import Shipment
from tijara.orders.models import Order

pytestmark = pytest.mark.django_db

API = "/api/v1/merchant"


def post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_a_call_centre_works_the_queue_through_the_api(store_a, owner_a, staff_a, product_a,
                                                       django_assert_max_num_queries):
    """[COD-CALL-CLAIM] [COD-CALL-CANCEL]"""
    for n in range(1, 4):
        cod_order(store_a, product_a, f"ARG-00000{n}")
    staff, owner = client_for(staff_a), client_for(owner_a)
    with django_assert_max_num_queries(10):
        listing = staff.get(f"{API}/calls")
    assert listing.status_code == 200
    assert [c["number"] for c in listing.json()["items"]] == ["ARG-000001", "ARG-000002", "ARG-000003"]
    assert listing.json()["items"][0]["risk"] == {"delivered": 0, "refused": 0, "returned": 0,
                                                  "platform_refusal_rate": None}
    assert post(staff, f"{API}/calls/ARG-000001/claim").json()["claimed_by"] == "staff-a@example.ma"
    taken = post(owner, f"{API}/calls/ARG-000001/outcome", {"outcome": "confirmed"})
    assert taken.status_code == 409 and taken.json()["message"]
    refused = post(staff, f"{API}/calls/ARG-000001/outcome", {"outcome": "refused"})
    assert refused.status_code == 400 and refused.json()["field"] == "note"
    assert post(staff, f"{API}/calls/ARG-000001/outcome", {"outcome": "bogus"}).status_code == 400
    ok = post(staff, f"{API}/calls/ARG-000001/outcome", {"outcome": "no_answer", "note": "voicemail"})
    assert ok.status_code == 200 and ok.json()["unanswered"] == 1
    done = post(staff, f"{API}/calls/ARG-000002/outcome", {"outcome": "confirmed"})
    assert done.json()["status"] == "confirmed"
    assert post(staff, f"{API}/calls/ARG-000002/claim").status_code == 409  # no longer waiting: its state
    assert post(staff, f"{API}/calls/NOPE-1/claim").status_code == 404


def test_a_carrier_integration_ships_and_reports_outcomes(store_a, owner_a, product_a):
    """[COD-SHIPMENT] [COD-RETURN-CHECKIN]"""
    client = client_for(owner_a)
    before = stock_of(product_a)
    for n in (1, 2):
        cod_order(store_a, product_a, f"ARG-00000{n}")
        post(client, f"{API}/calls/ARG-00000{n}/outcome", {"outcome": "confirmed"})
    assert post(client, f"{API}/orders/ARG-000001/shipment").json()["field"] == "carrier"  # no carrier yet
    added = post(client, f"{API}/carriers", {"reference_code": "sendit"})
    assert added.status_code == 201 and added.json()["name"] == "Sendit"
    first = post(client, f"{API}/orders/ARG-000001/shipment", {"tracking_number": "SD-1"})
    assert first.status_code == 201 and first.json()["status"] == "shipped"
    assert post(client, f"{API}/orders/ARG-000002/shipment", {"tracking_number": "SD-1"}).status_code == 409
    post(client, f"{API}/orders/ARG-000002/shipment", {"tracking_number": "SD-2"})
    delivered = post(client, f"{API}/orders/ARG-000001/shipment/outcome", {"outcome": "delivered",
                                                                          "cash_collected": "240.00"})
    assert delivered.json()["cash_collected"] == "240.00"
    assert post(client, f"{API}/orders/ARG-000001/shipment/outcome", {"outcome": "lost"}).status_code == 409
    post(client, f"{API}/orders/ARG-000002/shipment/outcome", {"outcome": "returned"})
    assert stock_of(product_a) == before - 4
    assert post(client, f"{API}/orders/ARG-000002/shipment/check-in").json()["checked_in_at"]
    assert stock_of(product_a) == before - 2
    assert client.get(f"{API}/shipments?status=returned").json()["count"] == 1
    assert Order.objects.get(number="ARG-000001").status == "delivered"


def test_the_status_file_through_the_api(store_a, owner_a, product_a):
    """[COD-SHIPMENT]"""
    client = client_for(owner_a)
    cod_order(store_a, product_a, "ARG-000001")
    post(client, f"{API}/calls/ARG-000001/outcome", {"outcome": "confirmed"})
    post(client, f"{API}/carriers", {"name": "Mon coursier"})
    post(client, f"{API}/orders/ARG-000001/shipment", {"tracking_number": "MC1"})
    upload = io.BytesIO(b"tracking_number,status\nMC1,refused\nMC2,delivered\n")
    upload.name = "s.csv"
    answer = client.post(f"{API}/shipments/status-file", {"carrier": "mon-coursier", "file": upload})
    assert answer.status_code == 200 and answer.json()["errors"] == 1 and answer.json()["applied"] == 0
    assert Shipment.objects.get(tracking_number="MC1").status == "shipped"
