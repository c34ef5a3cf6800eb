"""From generated raw transactions, recompute the published figures exactly as published [OBS-SERIES].

The generator really writes the rows (national volume, only the periods concerned) and the figures
are recomputed from them with the same code as the CLI, API and dashboard; the published values
below are those of the CMI and ministry releases listed in docs/decisions/0003-observatory-calibration.md,
rounded the way they were published.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from tijara.observatory.generator import generate
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import period_report
from tijara.observatory.store import FactStore

pytestmark = pytest.mark.slow


def as_published(value, unit: int, places: str = "0.1") -> Decimal:
    """Round like a press release: 3,104,000 operations -> 3.1 (million)."""
    return (Decimal(value) / unit).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def share(row: dict, field: str) -> Decimal:
    return Decimal(row[field])


def origin(report: dict, key: str) -> dict:
    return next(r for r in report["by_card_origin"] if r["key"] == key)


@pytest.fixture(scope="module")
def store_2017(tmp_path_factory) -> FactStore:
    """H1 2016 and H1 2017 at national volume, card payments only (about 5 M rows)."""
    store = FactStore(tmp_path_factory.mktemp("obs-2017"))
    months = [(y, m) for y in (2016, 2017) for m in range(1, 7)]
    generate(store=store, year_from=2016, year_to=2017, months=months, scale=1.0, cards_only=True)
    return store


@pytest.fixture(scope="module")
def store_2022(tmp_path_factory) -> FactStore:
    """2021 and 2022 at national volume, card payments only (about 53 M rows with failed attempts)."""
    store = FactStore(tmp_path_factory.mktemp("obs-2022"))
    generate(store=store, year_from=2021, year_to=2022, scale=1.0, cards_only=True)
    return store


@pytest.mark.parametrize("source", ["raw", "agg"])
def test_h1_2017_operations_and_amount_as_published(store_2017, source):
    report = period_report(parse_period("2017-H1"), store=store_2017, source=source)
    assert as_published(report["operations"], 10**6) == Decimal("3.1")
    assert as_published(report["amount_mad"], 10**9) == Decimal("1.3")
    assert report["operations_yoy_pct"] == Decimal("81.7")
    assert report["amount_yoy_pct"] == Decimal("52.3")
    assert report["previous"]["period"] == "2016-H1"
    assert report["scope_code"] == "card" and "2017-01-01" in report["scope"] and "2017-06-30" in report["scope"]


def test_2017_moroccan_card_share_as_published(store_2017):
    report = period_report(parse_period("2017-H1"), store=store_2017, source="raw")
    assert share(origin(report, "moroccan"), "share_operations_pct") == Decimal("98.2")


def test_2022_growth_over_2021_as_published(store_2022):
    report = period_report(parse_period("2022"), store=store_2022, source="agg")
    assert report["operations_yoy_pct"] == Decimal("35.6")
    assert report["amount_yoy_pct"] == Decimal("24.3")
    assert as_published(report["operations"], 10**6) == Decimal("28.1")
    assert as_published(report["amount_mad"], 10**9) == Decimal("9.6")
    assert as_published(report["previous"]["operations"], 10**6) == Decimal("20.7")
    assert as_published(report["previous"]["amount_mad"], 10**9) == Decimal("7.7")


def test_2022_moroccan_and_foreign_cards_as_published(store_2022):
    report = period_report(parse_period("2022"), store=store_2022, source="agg")
    moroccan, foreign = origin(report, "moroccan"), origin(report, "foreign")
    assert as_published(moroccan["operations"], 10**6) == Decimal("26.8")
    assert as_published(moroccan["amount_mad"], 10**9) == Decimal("8.6")
    assert as_published(foreign["operations"], 10**6) == Decimal("1.3")
    assert as_published(foreign["amount_mad"], 10**6, "1") == Decimal("940")


def test_2021_moroccan_card_shares_as_published(store_2022):
    report = period_report(parse_period("2021"), store=store_2022, source="agg")
    moroccan = origin(report, "moroccan")
    assert share(moroccan, "share_operations_pct") == Decimal("96.2")
    assert share(moroccan, "share_amount_pct") == Decimal("94.2")
    assert as_published(report["operations"], 10**6) == Decimal("20.7")


def test_2022_active_e_merchants_as_published(store_2022):
    report = period_report(parse_period("2022"), store=store_2022, source="agg")
    assert report["active_merchants"] == 2500


def test_raw_and_aggregate_sources_agree(store_2022):
    period = parse_period("2022-Q3")
    raw = period_report(period, store=store_2022, source="raw")
    agg = period_report(period, store=store_2022, source="agg")
    for drop in ("source",):
        raw.pop(drop)
        agg.pop(drop)
    assert raw == agg
