# ruff: noqa: F811  (fixtures imported from tests/dashboard/conftest.py are then requested by name)
"""Fixtures of the remittance tests: the back-office fixtures, a carrier, delivered parcels, a file builder."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.dashboard.conftest import (  # noqa: F401  (fixtures)
    category,
    client_a,
    client_for,
    make_member,
    make_order,
    owner_a,
    owner_b,
    product_a,
    product_b,
    store_a,
    store_b,
)
from tijara.fulfilment.models import Carrier, Shipment, ShipmentStatus
from tijara.orders.models import OrderStatus

TODAY = timezone.localdate().isoformat()
TODAY_FR = timezone.localdate().strftime("%d/%m/%Y")


def make_carrier(merchant, code: str = "amana", name: str = "Amana") -> Carrier:
    return Carrier.objects.create(merchant=merchant, name=name, code=code, reference_code=code)


def parcel(merchant, carrier, number: str, *, tracking: str | None = None, total: str = "240.00",
           status: str = ShipmentStatus.DELIVERED, days_ago: int = 3, collected: str | None = None) -> Shipment:
    """A COD order and its shipment, delivered `days_ago` days ago with its total collected at the door."""
    order = make_order(merchant, number=number, total=total)
    delivered = status == ShipmentStatus.DELIVERED
    if delivered:
        order.status = OrderStatus.DELIVERED
        order.save(update_fields=["status"])
    when = timezone.now() - dt.timedelta(days=days_ago)
    return Shipment.objects.create(
        merchant=merchant, order=order, carrier=carrier, tracking_number=tracking or f"TRK{number[-6:]}",
        status=status, cash_collected=Decimal(collected or total) if delivered else None,
        shipped_at=when - dt.timedelta(days=1), delivered_at=when if delivered else None)


def csv_file(rows: list[tuple], header: str = "tracking,amount,fees,date") -> bytes:
    lines = [header] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def carrier_a(store_a):
    return make_carrier(store_a)
