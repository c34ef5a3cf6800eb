"""A remittance file of 10,000 rows is checked and applied well within 30 seconds on SQLite [COD-REMIT-ATOMIC]."""

import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.remittances.conftest import TODAY, csv_file, make_order
from tijara.fulfilment.models import Shipment, ShipmentStatus
from tijara.orders.models import Order
from tijara.remittances.models import CashReceipt, ImportStatus, RemittanceImport

pytestmark = pytest.mark.django_db
ROWS = 10_000


def many_delivered_parcels(merchant, carrier, n: int) -> None:
    """n delivered COD parcels, written in bulk (the file is what this test measures, not the set-up)."""
    template = make_order(merchant, number="ARG-TEMPLATE")
    fields = {f.attname: getattr(template, f.attname) for f in Order._meta.concrete_fields if f.attname != "id"}
    orders = Order.objects.bulk_create(
        [Order(**{**fields, "sequence": i + 2, "number": f"ARG-{i:06d}", "status": "delivered"}) for i in range(n)],
        batch_size=2000)
    now = timezone.now()
    Shipment.objects.bulk_create(
        [Shipment(merchant=merchant, order=o, carrier=carrier, tracking_number=f"AM{i:08d}",
                  status=ShipmentStatus.DELIVERED, cash_collected=Decimal("240.00"), delivered_at=now)
         for i, o in enumerate(orders)], batch_size=2000)


def test_ten_thousand_rows_are_previewed_and_applied_in_under_30_seconds(client_a, store_a, carrier_a):
    """Through the pages, as the merchant does it: upload (checked by the job), preview, accept (applied)."""
    many_delivered_parcels(store_a, carrier_a, ROWS)
    data = csv_file([(f"AM{i:08d}", "240.00", "25.00", TODAY) for i in range(ROWS)])
    started = time.monotonic()
    upload = SimpleUploadedFile("big.csv", data, content_type="text/csv")
    response = client_a.post(reverse("dashboard:remittances"), {"carrier": carrier_a.pk, "file": upload})
    preview = client_a.get(response["Location"])
    checked = time.monotonic()
    batch = RemittanceImport.objects.get()
    assert preview.status_code == 200 and batch.status == ImportStatus.PREVIEW
    client_a.post(reverse("dashboard:remittance_accept", args=[batch.pk]))
    done = client_a.get(reverse("dashboard:remittance_detail", args=[batch.pk]))
    elapsed = time.monotonic() - started
    print(f"\n10,000 rows: preview {checked - started:.1f} s, apply {elapsed - (checked - started):.1f} s")
    assert b'id="import-applied"' in done.content and CashReceipt.objects.count() == ROWS
    assert elapsed < 30
