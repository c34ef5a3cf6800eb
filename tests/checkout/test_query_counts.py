"""Query-count guards on the purchase through the API: each step costs a fixed number of queries
(two stores, two VAT classes; the stores' order counters exist, as after their first order)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.checkout.helpers import new_key
from tests.checkout.test_api import checkout_body

pytestmark = pytest.mark.django_db

# PostgreSQL and SQLite count BEGIN/COMMIT and savepoints differently; these bounds hold on both.
# confirm: +1 for the terms version of every store of the checkout (one query for all) [CP-TERMS].
# confirm: +6 for the invoices [TAX-INVOICE]: each store's invoice counter (one UPDATE … RETURNING per store,
# two here), one INSERT of the invoices, and their archive records (lock heads, insert records, move heads).
# confirm: +3 for the placement records of the signed archive [EC-ARCHIVE]: one SELECT … FOR UPDATE of the stores'
# chain heads, one INSERT of the records, one UPDATE of the heads, for any number of stores.
MAX_QUERIES = {"add": 11, "checkout": 11, "confirm": 32}


def post(client, url, body=None, **headers):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **headers)


def purchase(client, shop) -> dict[str, int]:
    counts = {}
    token = post(client, "/api/v1/carts").json()["token"]
    post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["tile"].pk, "quantity": 1})
    with CaptureQueriesContext(connection) as add:
        added = post(client, f"/api/v1/carts/{token}/lines", {"variant_id": shop["oil"].pk, "quantity": 2})
    assert added.status_code == 201 and added.json()["item_count"] == 3
    with CaptureQueriesContext(connection) as checkout:
        recap = post(client, f"/api/v1/carts/{token}/checkout", checkout_body(shop))
    assert recap.status_code == 200, recap.content
    with CaptureQueriesContext(connection) as confirm:
        confirmed = post(client, f"/api/v1/carts/{token}/confirm", HTTP_IDEMPOTENCY_KEY=new_key())
    assert confirmed.status_code == 201, confirmed.content
    assert [len(o["lines"]) for o in confirmed.json()["orders"]] == [1, 1]
    counts = {"add": len(add), "checkout": len(checkout), "confirm": len(confirm)}
    return counts | {"numbers": [o["number"] for o in confirmed.json()["orders"]]}


def test_purchase_steps_run_a_fixed_number_of_queries(client, shop):
    first = purchase(client, shop)  # the stores' first orders also create their order counters
    assert first["numbers"] == ["ARG-000001", "ZEL-000001"]
    second = purchase(client, shop)
    assert second["numbers"] == ["ARG-000002", "ZEL-000002"]
    for step, limit in MAX_QUERIES.items():
        assert second[step] <= limit, (step, second[step])
