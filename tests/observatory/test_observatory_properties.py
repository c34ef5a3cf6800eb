"""Properties (Hypothesis): breakdowns add up to the total; re-ingestion changes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tijara.observatory.periods import Period
from tijara.observatory.publishing import period_report
from tijara.observatory.queries import BREAKDOWNS, Filters, compute_period
from tijara.observatory.reference import METHODS, SECTORS
from tijara.observatory.services import PaymentRecord, ingest_tijara_payments
from tijara.observatory.store import FactStore

periods = st.one_of(
    st.builds(lambda y: Period("year", y, 1, 12), st.sampled_from([2021, 2022])),
    st.builds(lambda y, h: Period("half", y, 6 * h - 5, 6 * h), st.sampled_from([2021, 2022]), st.integers(1, 2)),
    st.builds(lambda y, q: Period("quarter", y, 3 * q - 2, 3 * q), st.sampled_from([2021, 2022]), st.integers(1, 4)),
    st.builds(lambda y, m: Period("ytd", y, 1, m), st.sampled_from([2021, 2022]), st.integers(1, 12)),
    st.builds(lambda y, m: Period("month", y, m, m), st.sampled_from([2021, 2022]), st.integers(1, 12)),
)
filters = st.builds(
    Filters,
    region=st.one_of(st.none(), st.integers(1, 12)),
    sector=st.one_of(st.none(), st.sampled_from(SECTORS)),
    method=st.one_of(st.none(), st.sampled_from(METHODS)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(period=periods, scope=st.sampled_from(["card", "all"]), flt=filters)
def test_every_breakdown_adds_up_to_the_total(small_store, period, scope, flt):
    fig = compute_period(period, scope=scope, filters=flt, store=small_store)
    for name in BREAKDOWNS:
        rows = fig[name]
        if name == "by_card_origin":  # only card operations have a card origin
            card = [r for r in fig["by_payment_method"] if r["key"].endswith("card")]
            assert sum(r["operations"] for r in rows) == sum(r["operations"] for r in card)
            assert sum(r["amount_mad"] for r in rows) == sum(r["amount_mad"] for r in card)
            continue
        assert sum(r["operations"] for r in rows) == fig["operations"], name
        assert sum((r["amount_mad"] for r in rows), Decimal(0)) == fig["amount_mad"], name
        assert all(r["merchants"] <= fig["active_merchants"] for r in rows)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(period=periods, flt=filters)
def test_aggregates_and_raw_facts_give_the_same_figures(small_store, period, flt):
    raw = compute_period(period, scope="all", filters=flt, store=small_store, source="raw")
    agg = compute_period(period, scope="all", filters=flt, store=small_store, source="agg")
    assert (raw.pop("source"), agg.pop("source")) == ("raw", "agg")
    assert raw == agg


records = st.builds(
    PaymentRecord,
    payment_id=st.integers(1, 60).map(str),
    occurred_at=st.datetimes(min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2024, 12, 31),
                             timezones=st.just(dt.UTC)),
    merchant_ref=st.integers(1, 6).map(str),
    merchant_region=st.integers(1, 12),
    merchant_sector=st.sampled_from(SECTORS),
    merchant_validated_on=st.just(dt.date(2022, 6, 1)),
    amount_mad=st.decimals(min_value=Decimal("1"), max_value=Decimal("50000"), places=2),
    payment_method=st.sampled_from(METHODS),
    status=st.sampled_from(["captured", "refunded", "failed"]),
    buyer_country=st.just("MA"),
    buyer_region=st.integers(1, 12),
)


def unique_by_id(batch: list[PaymentRecord]) -> list[PaymentRecord]:
    return list({r.payment_id: r for r in batch}.values())


@settings(max_examples=12, deadline=None)
@given(batch=st.lists(records, min_size=1, max_size=40).map(unique_by_id), data=st.data())
def test_reingestion_changes_nothing(batch, data):
    root = Path(tempfile.mkdtemp(prefix="obs-prop-"))
    try:
        store = FactStore(root)
        ingest_tijara_payments(batch, store=store)
        figures = period_report(Period("year", 2023, 1, 12), scope="all", store=store, secrecy=False)
        files = sorted(p.name for p in root.rglob("*.parquet"))
        again = data.draw(st.permutations(batch)) + data.draw(st.lists(st.sampled_from(batch), max_size=5))
        result = ingest_tijara_payments(unique_by_id(again), store=store)
        assert (result.rows_added, result.rows_replaced) == (0, 0)
        assert period_report(Period("year", 2023, 1, 12), scope="all", store=store, secrecy=False) == figures
        assert sorted(p.name for p in root.rglob("*.parquet")) == files
    finally:
        shutil.rmtree(root)
