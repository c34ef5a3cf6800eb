"""Carriers, shipments, labels, delivery outcomes, returned parcels checked in, a carrier's status file."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.fulfilment.conftest import client_for, cod_order, stock_of
from tests.ledger.pdftext import pdf_text
from tijara.fulfilment.models import Carrier, Shipment, ShipmentStatus
from tijara.fulfilment.services import (
    FulfilmentError,
    ShipmentStateError,
    carrier_add,
    shipment_check_in,
    shipment_create,
    shipment_outcome,
)
from tijara.fulfilment.status_files import status_file_apply
from tijara.orders.models import Order, OrderStatus
from tijara.payments.models import Payment
from tijara.payments.services import order_move

pytestmark = pytest.mark.django_db


def confirmed(merchant, product, number: str, **kwargs) -> Order:
    order = cod_order(merchant, product, number, **kwargs)
    Payment.objects.create(merchant=merchant, order=order, provider="cod", status="pending", amount=order.total)
    return order_move(order=order, to_status=OrderStatus.CONFIRMED, actor=None)


def shipped(merchant, product, carrier, number: str, tracking: str = "") -> Shipment:
    return shipment_create(order=confirmed(merchant, product, number), carrier=carrier, actor=None,
                           tracking_number=tracking)


def test_carriers_come_from_the_reference_list_or_are_the_stores_own(store_a):
    ref = carrier_add(merchant=store_a, reference_code="ozon-express")
    own = carrier_add(merchant=store_a, name="Coursier du quartier")
    assert (ref.name, ref.reference_code) == ("Ozon Express", "ozon-express")
    assert (own.code, own.reference_code) == ("coursier-du-quartier", "")
    with pytest.raises(FulfilmentError):
        carrier_add(merchant=store_a, reference_code="ozon-express")
    with pytest.raises(FulfilmentError):
        carrier_add(merchant=store_a, reference_code="no-such-carrier")


def test_shipping_a_confirmed_order_records_carrier_and_tracking(store_a, product_a, carrier_a):
    """[COD-SHIPMENT]"""
    shipment = shipped(store_a, product_a, carrier_a, "ARG-000001", tracking=" ab 123 ")
    assert shipment.tracking_number == "AB123" and shipment.status == ShipmentStatus.SHIPPED
    assert Order.objects.get(pk=shipment.order_id).status == OrderStatus.SHIPPED
    with pytest.raises(FulfilmentError):  # unique per carrier
        shipped(store_a, product_a, carrier_a, "ARG-000002", tracking="AB123")
    placed = cod_order(store_a, product_a, "ARG-000003")
    with pytest.raises(ShipmentStateError):  # not confirmed yet
        shipment_create(order=placed, carrier=carrier_a, actor=None)


def test_delivered_parcel_captures_the_cash(store_a, product_a, carrier_a):
    """[COD-SHIPMENT]"""
    shipment = shipment_outcome(shipment=shipped(store_a, product_a, carrier_a, "ARG-000001"),
                                outcome="delivered", actor=None)
    order = Order.objects.get(pk=shipment.order_id)
    assert order.status == OrderStatus.DELIVERED and shipment.delivered_at is not None
    assert shipment.cash_collected == order.total
    assert Payment.objects.get(order=order).status == "captured"
    with pytest.raises(ShipmentStateError):
        shipment_outcome(shipment=shipment, outcome="refused", actor=None)


def test_refused_parcel_cancels_without_stock_until_checked_in_once(store_a, product_a, carrier_a):
    """[COD-RETURN-CHECKIN]"""
    before = stock_of(product_a)
    shipment = shipped(store_a, product_a, carrier_a, "ARG-000001")
    assert stock_of(product_a) == before - 2
    shipment = shipment_outcome(shipment=shipment, outcome="refused", actor=None, note="client absent")
    order = Order.objects.get(pk=shipment.order_id)
    assert order.status == OrderStatus.CANCELLED and "client absent" in order.cancel_reason
    assert stock_of(product_a) == before - 2  # still on the road
    shipment_check_in(shipment=shipment, actor=None)
    assert stock_of(product_a) == before
    with pytest.raises(ShipmentStateError):
        shipment_check_in(shipment=shipment, actor=None)
    assert stock_of(product_a) == before


def test_a_lost_parcel_never_comes_back_into_stock(store_a, product_a, carrier_a):
    """[COD-RETURN-CHECKIN]"""
    before = stock_of(product_a)
    shipment = shipment_outcome(shipment=shipped(store_a, product_a, carrier_a, "ARG-000001"), outcome="lost",
                                actor=None)
    with pytest.raises(ShipmentStateError):
        shipment_check_in(shipment=shipment, actor=None)
    assert stock_of(product_a) == before - 2


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_label_is_a_pdf_with_the_tracking_number_and_cash_to_collect(store_a, product_a, carrier_a, client_a,
                                                                         lang):
    """[COD-SHIPMENT]"""
    shipment = shipped(store_a, product_a, carrier_a, "ARG-000001", tracking="CB0042")
    response = client_a.get(f"/{lang}" + reverse("dashboard:shipment_label", args=["ARG-000001"])[3:])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "CB0042" in text and "Samira Client" in text and str(shipment.order.total) in text


# Code 39 as the standard writes it (bar, space, bar, … — n narrow, w wide), for the characters the test uses.
CODE39 = {"nwnnwnwnn": "*", "nnnwwnwnn": "0", "wnnwnnnnw": "1", "nnwwnnnnw": "2", "nnnwwnnnw": "4",
          "wnnnnwnnw": "A", "nnwnnwnnw": "B", "nnnnwwwnn": "J", "wnnnnnwwn": "R", "nnnnwnwwn": "T"}


def decode_code39(pdf: bytes) -> str:
    """Read the barcode back from the label's filled rectangles: widths of bars and of the gaps between them."""
    import re
    import zlib

    bars = []
    for chunk in pdf.split(b"endobj"):
        if b"/FlateDecode" in chunk and b"stream\n" in chunk:
            content = zlib.decompress(chunk.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0])
            bars += [(float(x), float(w)) for x, w in re.findall(rb"([\d.]+) [\d.]+ ([\d.]+) -[\d.]+ re f", content)]
    bars.sort()
    elements = []
    for i, (x, w) in enumerate(bars):
        elements.append(w)
        if i + 1 < len(bars):
            elements.append(bars[i + 1][0] - x - w)
    cut = (min(elements) + max(elements)) / 2
    kinds = "".join("w" if e > cut else "n" for e in elements)
    return "".join(CODE39.get(kinds[i:i + 9], "?") for i in range(0, len(kinds), 10))


def test_the_label_has_a_code39_barcode_of_the_tracking_number(store_a, product_a, carrier_a):
    """[COD-SHIPMENT]"""
    from tijara.fulfilment.labels import shipment_label_pdf

    for tracking in ("TJ0042", "AB12" * 8):  # short, and long enough to need narrower bars
        shipment = shipped(store_a, product_a, carrier_a, f"ARG-{len(tracking):06d}", tracking=tracking)
        for lang in ("fr", "ar"):
            assert decode_code39(shipment_label_pdf(shipment, language=lang)) == f"*{tracking}*"


def test_the_shipment_page_ships_and_records_the_outcome(store_a, product_a, carrier_a, staff_a):
    """[COD-SHIPMENT]"""
    order = confirmed(store_a, product_a, "ARG-000001")
    client = client_for(staff_a)
    url = reverse("dashboard:order_shipment", args=[order.number])
    assert b"ship-form" in client.get(url).content
    assert client.post(url, {"action": "create", "carrier": carrier_a.pk, "tracking_number": "",
                             "hand_over": "1"}).status_code == 302
    shipment = Shipment.objects.get(order=order)
    assert shipment.tracking_number == "TJARG000001" and shipment.status == "shipped"
    bad = client.post(url, {"action": "outcome", "outcome": "delivered", "cash_collected": "-4"})
    assert bad.status_code == 400 and Shipment.objects.get(pk=shipment.pk).status == "shipped"
    client.post(url, {"action": "outcome", "outcome": "delivered", "cash_collected": "200.00"})
    shipment.refresh_from_db()
    assert shipment.status == "delivered" and shipment.cash_collected == Decimal("200.00")


def test_the_parcel_list_reads_in_a_constant_number_of_queries(store_a, product_a, carrier_a, client_a,
                                                              django_assert_max_num_queries):
    for n in range(1, 6):
        shipped(store_a, product_a, carrier_a, f"ARG-00000{n}")
    with django_assert_max_num_queries(12):
        page = client_a.get(reverse("dashboard:shipments"))
    assert page.status_code == 200 and page.content.count(b"TJARG00000") == 5
    assert client_a.get(reverse("dashboard:shipments"), {"status": "lost", "page": "9" * 25}).status_code == 200


def test_another_stores_shipment_pages_answer_404(store_b, product_b, client_a):
    carrier_b = carrier_add(merchant=store_b, name="B express")
    shipment = shipped(store_b, product_b, carrier_b, "BAZ-000001")
    for name in ("order_shipment", "shipment_label"):
        assert client_a.get(reverse(f"dashboard:{name}", args=["BAZ-000001"])).status_code == 404
    assert client_a.post(reverse("dashboard:order_shipment", args=["BAZ-000001"]),
                         {"action": "outcome", "outcome": "lost"}).status_code == 404
    assert client_a.post(reverse("dashboard:carriers"), {"action": "toggle", "carrier_id": carrier_b.pk}).status_code == 404
    assert Shipment.objects.get(pk=shipment.pk).status == "shipped" and Carrier.objects.get(pk=carrier_b.pk).active


# ---- the carrier's status file ------------------------------------------------------------------------------

def csv_file(rows: list[str]) -> bytes:
    return ("tracking_number;status;amount;note\n" + "\n".join(rows) + "\n").encode()


def test_a_status_file_updates_many_parcels_at_once(store_a, product_a, carrier_a):
    """[COD-SHIPMENT]"""
    for n in range(1, 4):
        shipped(store_a, product_a, carrier_a, f"ARG-00000{n}", tracking=f"T{n}")
    data = csv_file(["T1;livré;240,00;", "T2;refusé;;absent", "T3;delivered;230.00;"])
    report = status_file_apply(carrier=carrier_a, name="statuts.csv", data=data, actor=None)
    assert report.applied == 3 and not report.errors
    status = dict(Shipment.objects.values_list("tracking_number", "status"))
    assert status == {"T1": "delivered", "T2": "refused", "T3": "delivered"}
    assert Shipment.objects.get(tracking_number="T3").cash_collected == Decimal("230.00")
    again = status_file_apply(carrier=carrier_a, name="statuts.csv", data=data, actor=None)
    assert again.applied == 0 and again.skipped == 3 and not again.errors


def test_a_status_file_with_a_bad_row_changes_nothing(store_a, store_b, product_a, product_b, carrier_a):
    """[COD-SHIPMENT]"""
    shipped(store_a, product_a, carrier_a, "ARG-000001", tracking="T1")
    carrier_b = carrier_add(merchant=store_b, reference_code="amana-barid-al-maghrib-poste-maroc")
    shipped(store_b, product_b, carrier_b, "BAZ-000001", tracking="TB")
    data = csv_file(["T1;delivered;;", "TB;delivered;;", "T9;delivered;;", "T1;perdu;;", ";delivered;;",
                     "T1;maybe;;", "T1;delivered;-3;"])
    report = status_file_apply(carrier=carrier_a, name="s.csv", data=data, actor=None)
    assert report.applied == 0
    assert [r.line for r in report.errors] == [3, 4, 5, 6, 7, 8]  # TB is another store's: unknown here
    assert set(Shipment.objects.values_list("status", flat=True)) == {"shipped"}


def test_a_status_file_in_xlsx_and_bad_files_are_refused_clearly(store_a, product_a, carrier_a, client_a):
    from openpyxl import Workbook

    shipped(store_a, product_a, carrier_a, "ARG-000001", tracking="T1")
    book = Workbook()
    book.active.append(["Tracking", "Statut"])
    book.active.append(["T1", "Retourné"])
    buffer = io.BytesIO()
    book.save(buffer)
    url = reverse("dashboard:shipments")
    for name, content in (("s.pdf", b"%PDF"), ("s.xlsx", b"not a workbook"), ("s.csv", b"\xff\xfe\x00"),
                          ("s.csv", b"a," + b"x" * 200_000 + b"\n")):
        upload = io.BytesIO(content)
        upload.name = name
        assert client_a.post(url, {"carrier": carrier_a.pk, "file": upload}).status_code == 400
    buffer.seek(0)
    buffer.name = "statuts.xlsx"
    assert client_a.post(url, {"carrier": carrier_a.pk, "file": buffer}).status_code == 200
    assert Shipment.objects.get(tracking_number="T1").status == "returned"


def test_opening_a_call_or_a_shipment_is_a_logged_read_of_the_buyers_data(store_a, staff_a, product_a, carrier_a):
    """[DP-STAFF-READS] The call page, the shipment page and the label show the buyer's name, phone and address."""
    from tijara.audit.models import AuditRecord

    order = cod_order(store_a, product_a, "ARG-000001")
    client = client_for(staff_a)
    assert client.get(reverse("dashboard:call_detail", args=[order.number])).status_code == 200
    assert client.get(reverse("dashboard:order_shipment", args=[order.number])).status_code == 200
    records = list(AuditRecord.objects.filter(event="personal_data_viewed").order_by("sequence"))
    assert [(r.actor_id, r.merchant_id) for r in records] == [(staff_a.pk, store_a.pk)] * 2
    assert ['"call_detail"' in records[0].data_json, '"order_shipment"' in records[1].data_json] == [True, True]
    assert all(order.email not in (r.target + r.data_json) for r in records)
