"""Dashboard, downloads, bulletin and API: thin layers over the published figures [OBS-SERIES]."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pyarrow.parquet as pq
import pytest


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_dashboard_renders_headline_charts_and_tables(client, small_store, lang):
    response = client.get(f"/{lang}/observatory/?period=2022-Q4")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    assert html.count("<svg") >= 4  # two time series and the breakdown charts
    assert "obs-growth" in html and "obs-table" in html
    assert "observatory/observatory.css" in html


def test_dashboard_filters_and_bad_input(client, small_store):
    assert client.get("/fr/observatory/?period=2022&region=6&sector=fashion&method=cod&scope=all").status_code == 200
    response = client.get("/fr/observatory/?period=2022-Q7")
    assert response.status_code == 400
    assert "role=\"alert\"" in response.content.decode()
    assert client.get("/fr/observatory/?region=abc").status_code == 400


def test_dashboard_without_data(client, obs_dir):
    response = client.get("/fr/observatory/")
    assert response.status_code == 200
    assert "empty" in response.content.decode()


def test_open_data_downloads(client, small_store):
    csv_text = client.get("/fr/observatory/download/series.csv?scope=all").content.decode()
    assert csv_text.startswith("month,scope,operations,amount_mad,active_merchants,sample_weight\n2021-01,all,")
    table = pq.read_table(io.BytesIO(client.get("/fr/observatory/download/series.parquet").content))
    assert table.num_rows == 24 and "amount_mad" in table.column_names
    figures = client.get("/fr/observatory/download/figures.json?period=2022-H1")
    assert json.loads(figures.content)["period"] == "2022-H1"
    assert client.get("/fr/observatory/download/figures.csv?period=2022").content.startswith(b"period,scope,table")
    assert client.get("/fr/observatory/download/series.xlsx").status_code == 400


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_bulletin_pdf(client, small_store, lang):
    if lang == "ar":
        pytest.importorskip("uharfbuzz")
    response = client.get(f"/{lang}/observatory/bulletin/2022-Q3.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 10_000
    assert client.get(f"/{lang}/observatory/bulletin/2022-03.pdf").status_code == 400


def test_api_figures(client, small_store):
    data = json.loads(client.get("/api/v1/observatory/figures?period=2022&scope=card").content, parse_float=Decimal)
    assert data["operations"] == 28_100_000  # 28.1 M as published: 14,050 rows at 1/2000, each counted 2000 times
    assert data["operations_yoy_pct"] == Decimal("35.6")
    assert {"amount_mad", "amount_yoy_pct", "active_merchants", "scope", "by_card_origin"} <= data.keys()
    assert "2022-01-01" in data["scope"] and "2022-12-31" in data["scope"]  # the label names its period [OBS-SCOPE]


def test_api_errors_are_json_with_field(client, small_store):
    for url, field in [("/api/v1/observatory/figures?period=2022-13", "period"),
                       ("/api/v1/observatory/figures?period=2022&sector=weapons", "sector"),
                       ("/api/v1/observatory/figures?period=2022&scope=cash", "scope"),
                       ("/api/v1/observatory/series?format=xml", "format")]:
        response = client.get(url)
        assert response.status_code == 400
        assert response.json()["field"] == field


def test_api_series_and_periods(client, small_store):
    months = client.get("/api/v1/observatory/periods").json()
    assert months["default_period"] == "2022" and len(months["months"]) == 24
    series = json.loads(client.get("/api/v1/observatory/series?scope=all").content)
    assert len(series["months"]) == 24
    assert client.get("/api/v1/observatory/series?format=csv")["Content-Type"].startswith("text/csv")
