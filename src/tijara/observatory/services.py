"""Writes to the fact store: ingestion of CSV files and of tijara's own payments, generation.

Ingestion is all or nothing and idempotent: every row is checked first; a file with any bad row is
rejected whole (IngestionRejected carries the row-by-row report) and the store is left unchanged.
A row whose (reporting platform, transaction id) is already stored with the same content is skipped;
with different content (e.g. captured, later refunded) the stored row is replaced. So ingesting the
same data twice counts nothing twice.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import shutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from . import conf, generator
from .checks import TEXT_COLUMNS, run_checks
from .errors import IngestionRejected
from .pseudonym import merchant_pseudonym
from .schema import FACT_SCHEMA
from .store import FactStore, conform
from .validation import LOCAL_TZ, IngestionReport, check_header

TIJARA_PLATFORM = "tijara"


@dataclass
class IngestResult:
    source: str
    rows_read: int
    rows_added: int
    rows_replaced: int
    rows_unchanged: int
    batch_id: str | None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PaymentRecord:
    """One tijara payment as the observatory needs it (contract for the orders/payments app).

    ``payment_id`` must be stable for the life of the payment: a later record with the same id
    (e.g. status refunded) replaces the earlier one. ``merchant_ref`` is the merchant's primary key;
    it is pseudonymised with a keyed hash before storage. No buyer identity is passed, only country
    and region.
    """

    payment_id: str
    occurred_at: dt.datetime  # aware; capture, COD settlement, refund or failure time
    merchant_ref: str
    merchant_region: int
    merchant_sector: str
    merchant_validated_on: dt.date
    amount_mad: Decimal
    payment_method: str  # domestic_card | foreign_card | cod | transfer | wallet
    status: str  # captured | refunded | failed
    buyer_country: str = "MA"
    buyer_region: int | None = None
    original_currency: str = "MAD"


# ---- tijara's own payments -------------------------------------------------------------------------
def ingest_tijara_payments(records: Iterable[PaymentRecord], *, store: FactStore | None = None,
                           watermark: str | None = None, feed: str = "watermark") -> IngestResult:
    """Ingest tijara's own payments (incremental: pass those changed since ``tijara_watermark()``).

    Same checks and semantics as a CSV file from another platform: all or nothing, upsert by id. ``feed``
    names the watermark, so two feeds (payments; cash-on-delivery outcomes) each resume where they stopped.
    """
    store = store or FactStore()
    cols: dict[str, list[str]] = {c: [] for c in TEXT_COLUMNS}
    for r in records:
        ts = r.occurred_at if r.occurred_at.tzinfo is not None else r.occurred_at.replace(tzinfo=LOCAL_TZ)
        row = {
            "transaction_id": f"pay-{r.payment_id}", "ts": ts.isoformat(), "reporting_platform": TIJARA_PLATFORM,
            "merchant_id": str(r.merchant_ref), "merchant_region": str(r.merchant_region),
            "merchant_sector": r.merchant_sector, "merchant_validated_on": r.merchant_validated_on.isoformat(),
            "amount_mad": str(r.amount_mad), "original_currency": r.original_currency,
            "payment_method": r.payment_method, "status": r.status, "buyer_country": r.buyer_country,
            "buyer_region": "" if r.buyer_region is None else str(r.buyer_region),
            "cross_border": "true" if r.buyer_country != "MA" else "false",
        }
        for c in TEXT_COLUMNS:
            cols[c].append(row[c])
    n = len(cols["transaction_id"])
    table = pa.table({**{c: pa.array(v, pa.string()) for c, v in cols.items()},
                      "line": pa.array(range(1, n + 1), pa.int64())})
    report = IngestionReport(source="tijara payments")
    return _check_and_commit(store, pa.RecordBatchReader.from_batches(table.schema, table.to_batches()), report,
                             allow_reserved=True, source="tijara", meta={feed: watermark})


def tijara_watermark(store: FactStore | None = None, *, feed: str = "watermark") -> str | None:
    """The watermark passed with the last committed tijara batch of this feed (where the next run starts)."""
    marks = [m.meta.get(feed) for m in (store or FactStore()).manifests() if m.platform == TIJARA_PLATFORM]
    marks = [m for m in marks if m]
    return max(marks) if marks else None


# ---- CSV files from other platforms -----------------------------------------------------------------
def ingest_csv(path: str | Path, *, store: FactStore | None = None,
               progress: Callable[[int, int], None] | None = None) -> IngestResult:
    """Check a whole CSV file, then load it in one batch; raise IngestionRejected on any bad row."""
    store = store or FactStore()
    path = Path(path)
    report = IngestionReport(source=path.name)
    _check_utf8(path, report)
    if not report.ok:
        raise IngestionRejected(report)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), None)
    if not check_header(header, report):
        raise IngestionRejected(report)
    reader = _NumberedCsv(path, [h.strip() for h in header], report, progress)
    return _check_and_commit(store, reader.reader(), report, allow_reserved=False, source=f"csv:{path.name}",
                             meta={})


def _check_utf8(path: Path, report: IngestionReport) -> None:
    """Reject a file that is not UTF-8, naming the line of the first bad byte."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    lines = 1
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk.count(b"\n", 0, exc.start)
                report.add(line, None, None,
                           f"the file is not UTF-8 text (byte 0x{chunk[exc.start]:02x}); save it as UTF-8")
                return
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            report.add(lines, None, None, "the file is not UTF-8 text (truncated character); save it as UTF-8")


class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read (for the progress bar)."""

    def __init__(self, raw, on_read):
        self.raw, self.on_read, self.done = raw, on_read, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        self.done += n or 0
        return n


class _NumberedCsv:
    """Streams a CSV file as text columns plus the line number of each row.

    pyarrow parses (single-threaded, so rows with a wrong number of fields are reported with their
    line number and skipped); the lines of the remaining rows are counted around the skipped ones.
    """

    def __init__(self, path: Path, header: list[str], report: IngestionReport, progress):
        self.path, self.header, self.report, self.progress = path, header, report, progress
        self.skipped: list[int] = []
        self.next_line = 2

    def _invalid(self, row) -> str:
        self.report.rows_read += 1
        number = row.number if row.number is not None else self.next_line
        self.skipped.append(number)
        self.report.add(number, None, None, f"wrong number of fields ({row.actual_columns}, expected "
                                            f"{row.expected_columns})")
        return "skip"

    def _lines(self, k: int) -> np.ndarray:
        skipped = np.array(self.skipped[-1000:], dtype=np.int64)
        extra = 0
        while True:
            cand = np.arange(self.next_line, self.next_line + k + extra, dtype=np.int64)
            keep = cand[~np.isin(cand, skipped)] if len(skipped) else cand
            if len(keep) >= k:
                lines = keep[:k]
                break
            extra += k - len(keep)
        if k:
            self.next_line = int(lines[-1]) + 1
        return lines

    def reader(self) -> pa.RecordBatchReader:
        size = self.path.stat().st_size
        raw = open(self.path, "rb")  # noqa: SIM115 - closed when the stream ends
        counting = _Counting(raw, None)
        stream = pacsv.open_csv(
            counting,
            read_options=pacsv.ReadOptions(use_threads=False, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(invalid_row_handler=self._invalid, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in self.header},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        schema = pa.schema([pa.field(c, pa.string()) for c in TEXT_COLUMNS] + [pa.field("line", pa.int64())])

        def batches():
            try:
                for batch in stream:
                    lines = self._lines(batch.num_rows)
                    cols = [batch.column(batch.schema.get_field_index(c)) for c in TEXT_COLUMNS]
                    yield pa.RecordBatch.from_arrays(cols + [pa.array(lines)], schema=schema)
                    if self.progress:
                        self.progress(counting.done, size)
            finally:
                raw.close()

        return pa.RecordBatchReader.from_batches(schema, batches())


# ---- shared ------------------------------------------------------------------------------------------
def _check_and_commit(store: FactStore, batches: pa.RecordBatchReader, report: IngestionReport, *,
                      allow_reserved: bool, source: str, meta: dict) -> IngestResult:
    """Check every row (vectorised), report all problems or load everything in one batch."""
    stage = store.root / "_staging" / uuid.uuid4().hex
    stage.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"threads": conf.duckdb_threads(), "memory_limit": conf.duckdb_memory_limit(),
                                 "temp_directory": str(stage / "spill")})
    try:
        con.register("src", batches)
        run_checks(con, allow_reserved=allow_reserved, now=dt.datetime.now(LOCAL_TZ).replace(tzinfo=None))
        report.rows_read += con.execute("SELECT count(*) FROM checked").fetchall()[0][0]
        _collect_errors(con, report)
        platforms = [r[0] for r in con.execute(
            "SELECT DISTINCT reporting_platform FROM checked WHERE len(errors) = 0 ORDER BY 1").fetchall()]
        if len(platforms) > 1:
            report.add(1, "reporting_platform", ", ".join(platforms), "one file must come from one reporting platform")
        if report.rows_read == 0 and report.ok:
            report.add(2, None, None, "the file has no data rows")
        if not report.ok:
            raise IngestionRejected(report)
        key = conf.pseudonym_key()
        pairs = con.execute("SELECT DISTINCT reporting_platform, merchant_ref FROM checked").fetchall()
        mapping = pa.table({"p": [p for p, _ in pairs], "r": [r for _, r in pairs],
                            "merchant_id": pa.array([merchant_pseudonym(p, r, key) for p, r in pairs], pa.int64())})
        con.register("pmap", mapping)
        staged = stage / "facts.parquet"
        con.execute(f"""
            COPY (SELECT transaction_id, ts_v AS ts, reporting_platform, pmap.merchant_id,
                         mregion_v AS merchant_region, merchant_sector, valid_v AS merchant_validated_on,
                         amount_v AS amount_mad, original_currency, payment_method, status, buyer_country,
                         bregion_v AS buyer_region, cross_border IN ('true', '1') AS cross_border
                  FROM checked JOIN pmap ON pmap.p = checked.reporting_platform AND pmap.r = checked.merchant_ref
                  ORDER BY merchant_id, buyer_region, ts)
            TO '{_sql_path(staged)}' (FORMAT parquet)""")
        merchants = con.sql("""
            SELECT pmap.merchant_id, reporting_platform, arg_max(mregion_v, ts_v) AS merchant_region,
                   arg_max(merchant_sector, ts_v) AS merchant_sector,
                   arg_max(valid_v, ts_v) AS merchant_validated_on
            FROM checked JOIN pmap ON pmap.p = checked.reporting_platform AND pmap.r = checked.merchant_ref
            GROUP BY ALL""").to_arrow_table()
        con.close()
        return _commit(store, platforms[0], ([str(staged)], FACT_SCHEMA.empty_table(), merchants),
                       source=source, meta=meta, rows_read=report.rows_read)
    finally:
        try:
            con.close()
        except duckdb.Error:
            pass
        shutil.rmtree(stage, ignore_errors=True)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _collect_errors(con, report: IngestionReport) -> None:
    total = con.execute("SELECT coalesce(sum(len(errors)), 0) FROM checked").fetchall()[0][0]
    dup_total = con.execute("SELECT count(*) FROM duplicates").fetchall()[0][0]
    rows = con.execute("""
        SELECT line, e.c, e.m, e.v FROM (SELECT line, unnest(errors) AS e FROM checked WHERE len(errors) > 0)
        UNION ALL
        SELECT line, 'transaction_id', 'duplicate id (first on line ' || first_line || ')', transaction_id
        FROM duplicates
        ORDER BY 1 LIMIT 1000""").fetchall()
    shown_before = len(report.errors)
    for line, column, message, value in rows:
        report.add(int(line), column, value, message)
    hidden = total + dup_total - (len(report.errors) - shown_before)
    report.error_count += max(0, hidden)


def _commit(store: FactStore, platform: str, parts: tuple[list[str], pa.Table, pa.Table], *, source: str,
            meta: dict, rows_read: int) -> IngestResult:
    """Upsert the checked rows by (platform, transaction id) in one batch."""
    staged, tail, merchants = parts
    con = duckdb.connect()
    con.register("tail", tail)
    new_sql = "SELECT * FROM tail" + (" UNION ALL SELECT * FROM read_parquet(?)" if staged else "")
    con.execute(f"CREATE TEMP TABLE new AS {new_sql}", [staged] if staged else [])
    cols = ", ".join(FACT_SCHEMA.names)
    with store.batch(platform=platform, source=source, meta=meta) as batch:
        existing = store.snapshot().platform_files.get(platform, [])
        existing_abs = [str(store.root / f) for f in existing]
        replaced = unchanged = 0
        if existing_abs:
            con.execute(f"""CREATE TEMP TABLE old AS SELECT {cols}, filename FROM read_parquet(?, filename = true)
                            WHERE transaction_id IN (SELECT transaction_id FROM new)""", [existing_abs])
            con.execute(f"""CREATE TEMP TABLE same AS SELECT transaction_id FROM
                            (SELECT {cols} FROM new INTERSECT SELECT {cols} FROM old)""")
            unchanged = con.execute("SELECT count(*) FROM same").fetchall()[0][0]
            changed_files = [r[0] for r in con.execute(
                "SELECT DISTINCT filename FROM old WHERE transaction_id NOT IN (SELECT transaction_id FROM same)"
            ).fetchall()]
            replaced = con.execute(
                "SELECT count(DISTINCT transaction_id) FROM old WHERE transaction_id NOT IN "
                "(SELECT transaction_id FROM same)").fetchall()[0][0]
            for f in changed_files:  # rewrite each touched file without the replaced rows
                kept = con.sql(f"""SELECT {cols} FROM read_parquet($f) WHERE transaction_id NOT IN
                                   (SELECT transaction_id FROM new)""", params={"f": f}).to_arrow_table()
                batch.write_facts(conform(kept))
                batch.supersede([str(Path(f).relative_to(store.root))])
            to_write = con.sql(f"SELECT {cols} FROM new WHERE transaction_id NOT IN "
                               "(SELECT transaction_id FROM same) ORDER BY merchant_id, buyer_region, ts").to_arrow_table()
        else:
            to_write = con.sql(f"SELECT {cols} FROM new ORDER BY merchant_id, buyer_region, ts").to_arrow_table()
        batch.write_facts(conform(to_write))
        if to_write.num_rows:
            batch.write_merchants(merchants)
    con.close()
    added = to_write.num_rows - replaced
    return IngestResult(source, rows_read, added, replaced, unchanged, batch.id if batch.committed else None)


def generate(*, year_from: int, year_to: int, scale: float = 1.0, seed: int = 1, cards_only: bool = False,
             store: FactStore | None = None, progress=None, workers: int | None = None) -> dict:
    """Generate calibrated synthetic transactions (see generator.py)."""
    return generator.generate(store=store or FactStore(), year_from=year_from, year_to=year_to, scale=scale,
                              seed=seed, cards_only=cards_only, progress=progress, workers=workers)
