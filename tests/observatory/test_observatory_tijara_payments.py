"""tijara's own payments become facts: pseudonymised, incremental, idempotent; COD is non-card."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tijara.observatory.errors import IngestionRejected
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import period_report
from tijara.observatory.services import PaymentRecord, ingest_tijara_payments, tijara_watermark

CASA = dt.timezone(dt.timedelta(hours=1))


def payment(pid: int, **over) -> PaymentRecord:
    values = dict(
        payment_id=str(pid), occurred_at=dt.datetime(2024, 3, 1 + pid % 20, 20, 30, tzinfo=CASA),
        merchant_ref=f"{pid % 4}", merchant_region=6, merchant_sector="fashion",
        merchant_validated_on=dt.date(2023, 1, 10), amount_mad=Decimal("250.00"),
        payment_method="cod" if pid % 2 else "domestic_card", status="captured",
        buyer_country="MA", buyer_region=4,
    )
    values.update(over)
    return PaymentRecord(**values)


def test_payments_are_ingested_once(store):
    first = ingest_tijara_payments([payment(i) for i in range(10)], store=store, watermark="2024-03-31")
    again = ingest_tijara_payments([payment(i) for i in range(10)], store=store)
    assert (first.rows_added, again.rows_added, again.rows_unchanged) == (10, 0, 10)
    report = period_report(parse_period("2024-03"), scope="all", store=store, secrecy=False)
    assert report["operations"] == 10
    assert {r["key"]: r["operations"] for r in report["by_payment_method"]} == {"cod": 5, "domestic_card": 5}
    card = period_report(parse_period("2024-03"), scope="card", store=store, secrecy=False)
    assert card["operations"] == 5  # cash on delivery is non-card [OBS-NON-CARD]
    assert tijara_watermark(store) == "2024-03-31"


def test_incremental_run_adds_new_and_replaces_refunded(store):
    ingest_tijara_payments([payment(i) for i in range(6)], store=store)
    result = ingest_tijara_payments([payment(2, status="refunded"), payment(7)], store=store)
    assert (result.rows_added, result.rows_replaced) == (1, 1)
    report = period_report(parse_period("2024-Q1"), scope="all", store=store, secrecy=False)
    assert report["operations"] == 7
    assert report["refund_rate_pct"] == Decimal("14.29")


def test_merchant_reference_is_pseudonymised(store):
    """The stored files never hold the merchant's reference, only its keyed hash [DP-OBS-PSEUDONYM]."""
    ingest_tijara_payments([payment(1, merchant_ref="merchant-pk-424242")], store=store)
    for path in store.root.rglob("*.parquet"):
        assert b"424242" not in path.read_bytes()


def test_invalid_record_rejects_the_whole_call(store):
    with pytest.raises(IngestionRejected) as caught:
        ingest_tijara_payments([payment(1), payment(2, merchant_region=14)], store=store)
    assert caught.value.report.errors[0].column == "merchant_region"
    assert store.manifests() == []
