"""Statistical secrecy [OBS-SECRECY]: fewer than 3 merchants, or one above 85 %, is shown as "s"."""

from __future__ import annotations

from decimal import Decimal

from tests.observatory.factsfile import fact_row, write_csv
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import SUPPRESSED, apply_secrecy, is_confidential, period_report
from tijara.observatory.services import ingest_csv
from tijara.observatory.store import FactStore


def test_fewer_than_three_merchants_is_confidential():
    assert is_confidential(100, Decimal(1000), 2, (50, Decimal(500)))
    assert not is_confidential(100, Decimal(1000), 3, (40, Decimal(400)))


def test_one_merchant_above_85_percent_is_confidential():
    assert is_confidential(100, Decimal(1000), 10, (86, Decimal(100)))
    assert is_confidential(100, Decimal(1000), 10, (10, Decimal("850.01")))
    assert not is_confidential(100, Decimal(1000), 10, (85, Decimal(850)))


def cell(key, n, amount, merchants, top):
    return {"key": key, "operations": n, "amount_mad": Decimal(amount), "merchants": merchants,
            "share_operations_pct": None, "share_amount_pct": None, "_top": top}


def test_a_lone_suppressed_cell_takes_the_smallest_other_one_with_it():
    figures = {"operations": 300, "amount_mad": Decimal(3000), "active_merchants": 30, "_top": (20, Decimal(200)),
               "previous": {"period": "x"}, "by_card_origin": [], "by_payment_method": [], "by_buyer_region": [],
               "by_merchant_region": [], "by_sector": [
                   cell("fashion", 200, 2000, 20, (20, Decimal(200))),
                   cell("books", 60, 600, 8, (10, Decimal(100))),
                   cell("crafts", 40, 400, 2, (30, Decimal(300))),
               ]}
    sectors = {r["key"]: r["operations"] for r in apply_secrecy(figures)["by_sector"]}
    assert sectors == {"fashion": 200, "books": SUPPRESSED, "crafts": SUPPRESSED}


def test_published_report_hides_a_two_merchant_region(tmp_path, settings):
    settings.TIJARA_OBSERVATORY_DIR = tmp_path
    rows = [fact_row(i, merchant_region="6", merchant_id=f"m-{i % 6}") for i in range(60)]
    rows += [fact_row(100 + i, merchant_region="12", merchant_id=f"d-{i % 2}") for i in range(6)]
    store = FactStore(tmp_path)
    ingest_csv(write_csv(tmp_path / "f.csv", rows), store=store)
    report = period_report(parse_period("2023"), scope="all", store=store)
    regions = {r["key"]: r["operations"] for r in report["by_merchant_region"]}
    assert regions["12"] == SUPPRESSED and regions["6"] == SUPPRESSED  # secondary: only 2 cells
    internal = period_report(parse_period("2023"), scope="all", store=store, secrecy=False)
    assert {r["key"]: r["operations"] for r in internal["by_merchant_region"]} == {"6": 60, "12": 6}
    filtered = period_report(parse_period("2023"), scope="all", store=store,
                             filters=__import__("tijara.observatory.queries", fromlist=["Filters"]).Filters(region=12))
    assert filtered["operations"] == SUPPRESSED
