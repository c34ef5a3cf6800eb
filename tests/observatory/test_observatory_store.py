"""The store: batches are invisible until committed; after vacuum the directory is plain hive Parquet."""

from __future__ import annotations

import duckdb
import pytest

from tijara.observatory.generator import generate
from tijara.observatory.periods import parse_period
from tijara.observatory.publishing import period_report


def test_a_failed_batch_leaves_nothing_visible(store):
    generate(store=store, year_from=2022, year_to=2022, scale=0.0002, workers=1)
    before = period_report(parse_period("2022"), store=store, secrecy=False)
    files_before = sorted(store.root.rglob("*.parquet"))
    with pytest.raises(RuntimeError), store.batch(platform="x", source="test") as batch:
        batch.write_facts(_some_rows(store))
        assert len(batch.files) == 1
        raise RuntimeError("crash before commit")
    assert period_report(parse_period("2022"), store=store, secrecy=False) == before
    assert sorted(store.root.rglob("*.parquet")) == files_before


def _some_rows(store):
    files = store.snapshot().fact_files(["2022-03"])
    return duckdb.connect().sql(f"SELECT * FROM read_parquet({files!r}) LIMIT 10").to_arrow_table()


def test_after_vacuum_a_plain_hive_reader_sees_the_same_figures(store):
    generate(store=store, year_from=2022, year_to=2022, scale=0.0002, workers=1)
    generate(store=store, year_from=2022, year_to=2022, scale=0.0002, workers=1)  # supersedes the first run
    assert store.vacuum() > 0
    report = period_report(parse_period("2022"), scope="all", store=store, secrecy=False)
    n, amount = duckdb.connect().execute(
        "SELECT count(*), sum(amount_mad) FROM read_parquet(?, hive_partitioning = true) "
        "WHERE year = 2022 AND status <> 'failed'", [str(store.root / "facts" / "**" / "*.parquet")]).fetchall()[0]
    assert (n * 5000, amount * 5000) == (report["operations"], report["amount_mad"])  # 1/0.0002 each
