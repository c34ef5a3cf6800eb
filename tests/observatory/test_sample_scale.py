"""Generated data are a sample: figures count each generated row 1/scale times (the weight kept in the
generated batch's manifest), so they read as national magnitudes, while shares and growth rates stay those of
the sample and platforms' own rows count once."""

import datetime as dt
import json
from decimal import Decimal

import duckdb
import pytest
from django.utils import translation

from tijara.observatory.generator import generate
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import figures_csv, open_data_rows, period_report, scope_label
from tijara.observatory.queries import Filters, growth, pct
from tijara.observatory.services import PaymentRecord, ingest_tijara_payments
from tijara.observatory.store import FactStore

WEIGHT = 2000  # the small store is generated at scale 0.0005


def raw(store: FactStore, months: list[str], group: str = "'all'") -> dict[str, tuple[int, Decimal]]:
    """Unweighted successful card operations and amounts of these months, straight from the fact files."""
    files = store.snapshot().fact_files(months)
    rows = duckdb.sql(f"""SELECT {group} AS k, count(*), sum(amount_mad) FROM read_parquet({files!r})
                          WHERE status IN ('captured', 'refunded') AND payment_method IN ('domestic_card', 'foreign_card')
                          GROUP BY 1""").fetchall()
    return {str(k): (int(n), Decimal(a)) for k, n, a in rows}


@pytest.mark.parametrize("source", ["raw", "agg"])
def test_figures_are_the_sample_times_its_weight_with_shares_and_growth_of_the_sample(small_store, source):
    period = parse_period("2022-H1")
    report = period_report(period, store=small_store, source=source, secrecy=False)
    (n, amount), = raw(small_store, period.months()).values()
    (prev_n, prev_amount), = raw(small_store, period.previous_year().months()).values()
    assert report["sample_weight"] == WEIGHT
    assert report["operations"] == n * WEIGHT and report["amount_mad"] == amount * WEIGHT
    assert report["operations_yoy_pct"] == growth(n, prev_n)
    assert report["amount_yoy_pct"] == growth(amount, prev_amount)
    by_origin = raw(small_store, period.months(), "CASE payment_method WHEN 'domestic_card' THEN 'moroccan' "
                                                   "ELSE 'foreign' END")
    for row in report["by_card_origin"]:
        assert row["operations"] == by_origin[row["key"]][0] * WEIGHT
        assert row["share_operations_pct"] == pct(by_origin[row["key"]][0], n)
    assert report["average_basket_mad"] == (amount / n).quantize(Decimal("0.01"))  # a ratio: unchanged


def test_every_output_says_it_comes_from_a_sample(small_store, client):
    with translation.override("fr"):
        label = scope_label("card", parse_period("2022"), Filters(), ["published"], sample_weight=100)
    assert "1\u00a0%" in label and "100" in label
    with translation.override("en"):
        report = period_report(parse_period("2022"), store=small_store)
    assert "0.05\u00a0%" in report["scope"] and str(WEIGHT) in report["scope"]
    assert figures_csv(report).splitlines()[1].endswith(f",{WEIGHT}")
    assert {r["sample_weight"] for r in open_data_rows(store=small_store)} == {WEIGHT}
    api = json.loads(client.get("/api/v1/observatory/figures?period=2022").content)
    assert api["sample_weight"] == WEIGHT and api["operations"] == report["operations"]
    page = client.get("/fr/observatory/?period=2022").content.decode()
    assert "0,05\u00a0%" in page or "0,05&nbsp;%" in page


def test_rows_reported_by_platforms_count_once(tmp_path):
    store = FactStore(tmp_path / "obs")
    generate(store=store, year_from=2022, year_to=2022, months=[(2022, 3)], scale=0.0005, seed=3, workers=1)
    period = parse_period("2022-03")
    before = period_report(period, store=store, secrecy=False)
    ingest_tijara_payments([
        PaymentRecord(payment_id=str(i), occurred_at=dt.datetime(2022, 3, 10, 12, tzinfo=dt.UTC), merchant_ref="7",
                      merchant_region=6, merchant_sector="home", merchant_validated_on=dt.date(2021, 1, 1),
                      amount_mad=Decimal("100.00"), payment_method="domestic_card", status="captured",
                      buyer_region=6)
        for i in range(3)], store=store)
    for source in ("raw", "agg"):
        after = period_report(period, store=store, secrecy=False, source=source)
        assert after["operations"] == before["operations"] + 3
        assert after["amount_mad"] == before["amount_mad"] + Decimal("300.00")
