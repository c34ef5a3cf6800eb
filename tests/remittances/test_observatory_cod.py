"""The cash-on-delivery outcome of each order reaches the observatory without personal data, and its COD share
and refusal rate by buyer region are published under statistical secrecy [OBS-COD-REGION] [OBS-SECRECY]."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_merchant
from tests.remittances.conftest import make_carrier, parcel
from tijara.core.models import Region
from tijara.fulfilment.models import ShipmentStatus
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import SUPPRESSED, cod_region_report
from tijara.observatory.store import FactStore
from tijara.payments.models import Payment
from tijara.payments.observatory import observatory_feed
from tijara.remittances.observatory import cod_outcomes_feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def obs_store(tmp_path, settings):
    settings.TIJARA_OBSERVATORY_DIR = tmp_path / "observatory"
    settings.TIJARA_OBSERVATORY_PSEUDONYM_KEY = "test-key"
    return FactStore(tmp_path / "observatory")


def outcome(merchant, carrier, number: str, region: Region, *, refused: bool = False, method: str = "cod"):
    shipment = parcel(merchant, carrier, number, status=ShipmentStatus.REFUSED if refused else ShipmentStatus.DELIVERED)
    order = shipment.order
    order.region, order.payment_method = region, method
    order.save(update_fields=["region", "payment_method"])
    if refused:
        shipment.returned_at = timezone.now()
        shipment.save(update_fields=["returned_at"])
    else:  # the cash collected at the door, as order_move captures it
        Payment.objects.create(merchant=merchant, order=order, provider=method, status="captured", amount=order.total,
                               captured_amount=order.total, captured_at=timezone.now())
    return order


def test_cod_share_and_refusal_rate_by_region_with_secrecy(obs_store):
    casa, rabat, fes = (Region.objects.get(code=c) for c in (6, 4, 3))
    stores = [make_merchant() for _ in range(3)]
    orders = []
    for i, store in enumerate(stores):
        carrier = make_carrier(store)
        p = store.slug.upper()[:3] + str(i)
        orders += [outcome(store, carrier, f"{p}-1", casa), outcome(store, carrier, f"{p}-2", casa),
                   outcome(store, carrier, f"{p}-3", casa, refused=True), outcome(store, carrier, f"{p}-4", fes)]
        if i == 0:  # one card sale in Casablanca-Settat; Rabat has one store only
            orders += [outcome(store, carrier, f"{p}-5", casa, method="card"),
                       outcome(store, carrier, f"{p}-6", rabat), outcome(store, carrier, f"{p}-7", rabat, refused=True)]
    assert observatory_feed() is not None
    first = cod_outcomes_feed()
    again = cod_outcomes_feed()  # the watermark is inclusive: the last refusal is read again, counted once
    assert first.rows_added == 4 and (again is None or again.rows_added == 0)

    report = cod_region_report(parse_period(timezone.localdate().strftime("%Y-%m")), store=obs_store)
    regions = {r["key"]: r for r in report["regions"]}
    assert (regions[6]["cod_share_pct"], regions[6]["refusal_rate_pct"]) == (Decimal("85.7"), Decimal("33.3"))
    assert (regions[6]["cod_operations"], regions[6]["cod_refused"]) == (6, 3)
    assert regions[4]["refusal_rate_pct"] == SUPPRESSED  # one store: its own refusal rate would be readable
    assert regions[3]["refusal_rate_pct"] == SUPPRESSED  # hidden too, or Rabat could be recovered from a total
    assert report["suppressed_cells"] == 2

    blobs = b"".join(path.read_bytes() for path in obs_store.root.rglob("*.parquet"))
    for order in orders:
        for personal in (order.full_name, order.email, order.phone, order.address_line, order.number):
            assert personal.encode() not in blobs


def test_the_feed_command_says_what_it_sent(obs_store, capsys):
    store = make_merchant()
    outcome(store, make_carrier(store), "REF-1", store.region, refused=True)
    call_command("cod_outcomes_feed")
    call_command("cod_outcomes_feed")
    out = capsys.readouterr().out
    assert "1 refusals read: 1 new facts" in out and "0 new facts" in out


def test_the_observatory_page_and_api_publish_the_cod_table(obs_store, client):
    stores = [make_merchant() for _ in range(3)]
    for i, store in enumerate(stores):
        carrier = make_carrier(store)
        outcome(store, carrier, f"W{i}-1", store.region)
        outcome(store, carrier, f"W{i}-2", store.region, refused=True)
    observatory_feed()
    cod_outcomes_feed()
    month = timezone.localdate().strftime("%Y-%m")
    body = client.get(f"/api/v1/observatory/cod-regions?period={month}").json()
    assert [(r["key"], r["refusal_rate_pct"]) for r in body["regions"]] == [(stores[0].region_id, 50.0)]
    page = client.get(f"/fr/observatory/?period={month}&scope=all").content.decode()
    assert 'id="cod-region-table"' in page and "50,0" in page
    assert client.get("/api/v1/observatory/cod-regions?period=20x").status_code == 400
