"""The whole published card series [OBS-SERIES], recomputed from rows generated at 1/100.

Figures count each generated row 1/scale times, so they are rounded as published directly; the full-scale checks
are in test_observatory_calibration.py.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from tijara.observatory.generator import generate
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import period_report
from tijara.observatory.store import FactStore

SCALE = Decimal("0.01")
M, BN = 10**6, 10**9

# period: (operations in M, amount, amount unit, ops growth, amount growth, Moroccan share ops/amount)
PUBLISHED = {
    "2011": ("0.67", "507.4", M, None, None, None),
    "2012": ("1.2", "752.3", M, None, "48.3", ("94.6", None)),
    "2014": ("1.94", "1.0", BN, None, None, None),
    "2015": ("1.8", "893.2", M, None, None, None),
    "2017-H1": ("3.1", "1.3", BN, "81.7", "52.3", None),
    "2017-09M": (None, "2.0", BN, None, None, None),
    "2017": ("6.6", "2.6", BN, "84.2", "52.3", ("98.2", None)),
    "2018": ("8.3", "3.3", BN, "25.4", "24.4", ("98", "92")),
    "2019": ("9.8", "4.8", BN, "18.2", "46.7", ("96.2", "91.5")),
    "2020": ("14.3", "6.0", BN, None, None, None),
    "2021-H1": ("9.4", "3.8", BN, "55.5", "31.8", None),
    "2021": ("20.7", "7.7", BN, "45", "28", ("96.2", "94.2")),
    "2022": ("28.1", "9.6", BN, "35.6", "24.3", None),
    "2023-09M": ("25.2", "8.7", BN, "23.4", "23.6", ("94.3", "86.7")),
}


def rounded(value, places: str) -> Decimal:
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def places_of(text: str) -> str:
    return "1" if "." not in text else "0." + "0" * (len(text.split(".")[1]) - 1) + "1"


@pytest.fixture(scope="module")
def series_store(tmp_path_factory) -> FactStore:
    store = FactStore(tmp_path_factory.mktemp("obs-series"))
    generate(store=store, year_from=2011, year_to=2023, scale=float(SCALE), cards_only=True)
    return store


@pytest.mark.parametrize("period", PUBLISHED)
def test_published_series_recomputed(series_store, period):
    ops, amount, unit, ops_g, amount_g, moroccan = PUBLISHED[period]
    report = period_report(parse_period(period), store=series_store, source="agg")
    if ops:
        assert rounded(Decimal(report["operations"]) / M, places_of(ops)) == Decimal(ops)
    assert rounded(report["amount_mad"] / unit, places_of(amount)) == Decimal(amount)
    if ops_g:
        assert rounded(report["operations_yoy_pct"], places_of(ops_g)) == Decimal(ops_g)
    if amount_g:
        assert rounded(report["amount_yoy_pct"], places_of(amount_g)) == Decimal(amount_g)
    if moroccan:
        row = next(r for r in report["by_card_origin"] if r["key"] == "moroccan")
        assert rounded(row["share_operations_pct"], places_of(moroccan[0])) == Decimal(moroccan[0])
        if moroccan[1]:
            assert rounded(row["share_amount_pct"], places_of(moroccan[1])) == Decimal(moroccan[1])


def test_2014_average_basket_538_mad(series_store):
    assert rounded(period_report(parse_period("2014"), store=series_store)["average_basket_mad"], "1") == 538


def test_2018_active_sites_945(series_store):
    assert period_report(parse_period("2018"), store=series_store)["active_merchants"] == 945


def test_2023_foreign_cards_9m(series_store):
    report = period_report(parse_period("2023-09M"), store=series_store)
    foreign = next(r for r in report["by_card_origin"] if r["key"] == "foreign")
    assert rounded(Decimal(foreign["operations"]) / M, "0.1") == Decimal("1.4")
    assert rounded(foreign["amount_mad"] / BN, "0.1") == Decimal("1.2")


def test_years_after_the_last_figure_are_labelled_extrapolated(series_store):
    """The scope label says a figure past the last published one is extrapolated [OBS-SCOPE]."""
    report = period_report(parse_period("2023-Q4"), store=series_store)
    assert report["data_status"] == ["extrapolated"]
    assert report["scope"]  # the label says so in the active language
