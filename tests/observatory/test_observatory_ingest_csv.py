"""CSV files from other platforms: checked row by row, rejected whole, never half loaded."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.observatory.factsfile import fact_row, write_csv
from tijara.observatory.errors import IngestionRejected
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import period_report
from tijara.observatory.schema import CSV_COLUMNS
from tijara.observatory.services import ingest_csv


def store_state(store) -> tuple:
    """Everything a reader could see: committed manifests and the files under the store."""
    files = sorted(str(p.relative_to(store.root)) for p in store.root.rglob("*") if p.is_file()
                   and p.name != ".lock")
    return tuple(m.id for m in store.manifests()), tuple(files)


@pytest.fixture
def loaded(store, tmp_path):
    """A store that already holds one good file, so a rejection must leave it exactly as it was."""
    ingest_csv(write_csv(tmp_path / "good.csv", [fact_row(i) for i in range(40)]), store=store)
    return store


def test_good_file_is_loaded(store, tmp_path):
    result = ingest_csv(write_csv(tmp_path / "good.csv", [fact_row(i) for i in range(40)]), store=store)
    assert (result.rows_read, result.rows_added) == (40, 40)
    report = period_report(parse_period("2023-H1"), scope="all", store=store, secrecy=False)
    assert report["operations"] == 40


BAD_FILES = {
    "missing_column": (lambda tmp: write_csv(tmp / "f.csv", [fact_row(1)], [c for c in CSV_COLUMNS if c != "status"]),
                       1, "status", "missing column"),
    "bad_date": (lambda tmp: write_csv(tmp / "f.csv", [fact_row(1), fact_row(2, ts="2023-13-45 25:00")]),
                 3, "ts", "ISO 8601"),
    "negative_amount": (lambda tmp: write_csv(tmp / "f.csv", [fact_row(1), fact_row(2, amount_mad="-12.00")]),
                        3, "amount_mad", "positive"),
    "unknown_region": (lambda tmp: write_csv(tmp / "f.csv", [fact_row(1, merchant_region="13"), fact_row(2)]),
                       2, "merchant_region", "unknown region"),
    "duplicate_id": (lambda tmp: write_csv(tmp / "f.csv", [fact_row(1), fact_row(2), fact_row(3, transaction_id="tx-000001")]),
                     4, "transaction_id", "duplicate id (first on line 2)"),
    "wrong_encoding": (lambda tmp: write_csv(tmp / "f.csv", [fact_row(i, merchant_id=f"m-{i}") for i in range(3)]
                                             + [fact_row(9, transaction_id="tx-é")], encoding="latin-1"),
                       5, None, "not UTF-8"),
    # A column the schema does not have, such as an e-mail, is refused [DP-OBS-PSEUDONYM].
    "personal_data_column": (lambda tmp: write_csv(tmp / "f.csv", [dict(fact_row(1), email="a@b.ma")],
                                                   list(CSV_COLUMNS) + ["email"]),
                             1, "email", "unexpected column"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_rejected_whole_with_report_and_store_unchanged(loaded, tmp_path, case):
    make, line, column, message = BAD_FILES[case]
    before = store_state(loaded)
    with pytest.raises(IngestionRejected) as caught:
        ingest_csv(make(tmp_path), store=loaded)
    report = caught.value.report
    assert any(e.line == line and e.column == column and message in e.message for e in report.errors), report.as_text()
    assert "nothing was loaded" in report.summary()
    assert store_state(loaded) == before


def test_report_lists_every_bad_row(store, tmp_path):
    rows = [fact_row(i) for i in range(10)]
    rows[2]["amount_mad"] = "abc"
    rows[5]["merchant_sector"] = "weapons"
    rows[7]["buyer_region"] = "0"
    with pytest.raises(IngestionRejected) as caught:
        ingest_csv(write_csv(tmp_path / "f.csv", rows), store=store)
    found = {(e.line, e.column) for e in caught.value.report.errors}
    assert found == {(4, "amount_mad"), (7, "merchant_sector"), (9, "buyer_region")}
    assert store.manifests() == []


def test_phone_number_as_merchant_id_rejected(store, tmp_path):
    """A merchant id must be a pseudonym, never a phone number [DP-OBS-PSEUDONYM]."""
    with pytest.raises(IngestionRejected, match="1 problem"):
        ingest_csv(write_csv(tmp_path / "f.csv", [fact_row(1, merchant_id="0612345678")]), store=store)


def test_reingesting_the_same_file_adds_nothing(store, tmp_path):
    path = write_csv(tmp_path / "good.csv", [fact_row(i) for i in range(30)])
    ingest_csv(path, store=store)
    before = period_report(parse_period("2023"), scope="all", store=store, secrecy=False)
    again = ingest_csv(path, store=store)
    assert (again.rows_added, again.rows_replaced, again.rows_unchanged) == (0, 0, 30)
    assert period_report(parse_period("2023"), scope="all", store=store, secrecy=False) == before


def test_a_corrected_row_replaces_the_stored_one(store, tmp_path):
    ingest_csv(write_csv(tmp_path / "a.csv", [fact_row(i, status="captured") for i in range(20)]), store=store)
    result = ingest_csv(write_csv(tmp_path / "b.csv", [fact_row(3, status="refunded")]), store=store)
    assert (result.rows_added, result.rows_replaced) == (0, 1)
    report = period_report(parse_period("2023"), scope="all", store=store, secrecy=False)
    assert report["operations"] == 20
    assert report["refund_rate_pct"] == 5


def test_cli_ingest_rejects_bad_file_with_exit_code_2(obs_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "f.csv", [fact_row(1, amount_mad="-3")])
    with pytest.raises(CommandError) as caught:
        call_command("observatory", "ingest", str(path))
    assert caught.value.returncode == 2
    assert "line 2, column amount_mad" in capsys.readouterr().err


def test_cli_ingest_good_file(obs_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "f.csv", [fact_row(i) for i in range(12)])
    call_command("observatory", "ingest", str(path))
    assert "12 added" in capsys.readouterr().out
