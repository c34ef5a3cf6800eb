"""The observatory and every statistical export carry no personal data: the exported columns are statistical
ones and no buyer's name, e-mail, phone, address or account id appears in any value [DP-OBS-PSEUDONYM]."""

import io
import json
import re

import pyarrow.parquet as pq
import pytest
from django.urls import reverse

from tests.dataprotection.helpers import buyer_with_orders
from tijara.payments.observatory import observatory_feed

pytestmark = pytest.mark.django_db
# Column names that would mean personal data is being published (a buyer's region or country is a statistic).
PERSONAL_COLUMN = re.compile(r"name|mail|phone|address|user|customer|buyer(?!_region|_country)|^ip$|_ip$|number", re.I)


@pytest.fixture
def published(tmp_path, settings, filled_cart):
    settings.TIJARA_OBSERVATORY_DIR = tmp_path / "observatory"
    settings.TIJARA_OBSERVATORY_PSEUDONYM_KEY = "test-key"
    user, orders = buyer_with_orders(filled_cart)
    observatory_feed()
    return user, orders


def exports(client) -> dict[str, bytes]:
    base = {"series": ("csv", "parquet"), "figures": ("json", "csv")}
    out = {}
    for what, formats in base.items():
        for fmt in formats:
            response = client.get(reverse("observatory:download", args=[what, fmt]) + "?scope=all")
            assert response.status_code == 200, (what, fmt, response.content[:200])
            out[f"{what}.{fmt}"] = response.content
    return out


def columns_and_values(name: str, body: bytes) -> tuple[list[str], str]:
    if name.endswith(".parquet"):
        table = pq.read_table(io.BytesIO(body))
        return table.column_names, repr(table.to_pylist())
    if name.endswith(".json"):
        def keys(node):
            if isinstance(node, dict):
                return [k for k in node] + [k2 for v in node.values() for k2 in keys(v)]
            if isinstance(node, list):
                return [k for v in node for k in keys(v)]
            return []
        return sorted(set(keys(json.loads(body)))), body.decode()
    text = body.decode("utf-8-sig")
    return text.splitlines()[0].split(","), text


def test_no_export_carries_a_personal_column_or_value(client, published):
    user, orders = published
    needles = {user.email, user.full_name, user.phone, user.phone[4:], str(user.pk)}
    for order in orders:
        needles |= {order.full_name, order.email, order.phone, order.phone[4:], order.address_line, order.number}
    for name, body in exports(client).items():
        columns, values = columns_and_values(name, body)
        assert columns, name
        assert [c for c in columns if PERSONAL_COLUMN.search(c)] == [], name
        for needle in needles - {str(user.pk)}:
            assert needle.lower() not in values.lower(), (name, needle)


def test_the_pattern_catches_personal_columns():
    for column in ("buyer_email", "buyer", "full_name", "phone", "address_line", "user_id", "order_number", "ip"):
        assert PERSONAL_COLUMN.search(column), column
    for column in ("operations", "amount_mad", "region", "month", "payment_method", "scope", "by_buyer_region"):
        assert not PERSONAL_COLUMN.search(column), column
