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
import shutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from . import generator
from .errors import IngestionRejected
from .pseudonym import merchant_pseudonym
from .schema import FACT_SCHEMA, MERCHANT_SCHEMA
from .store import FactStore, conform
from .validation import LOCAL_TZ, IngestionReport, check_header, parse_row

STAGE_ROWS = 200_000
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
                           watermark: str | None = None) -> IngestResult:
    """Ingest tijara's own payments (incremental: pass those changed since ``tijara_watermark()``)."""
    store = store or FactStore()
    report = IngestionReport(source="tijara payments")
    builder = _RowBuilder()
    for i, r in enumerate(records, start=1):
        report.rows_read += 1
        ts = r.occurred_at
        if ts.tzinfo is not None:
            ts = ts.astimezone(LOCAL_TZ).replace(tzinfo=None)
        values = {
            "transaction_id": f"pay-{r.payment_id}", "ts": ts, "reporting_platform": TIJARA_PLATFORM,
            "merchant_ref": str(r.merchant_ref), "merchant_region": r.merchant_region,
            "merchant_sector": r.merchant_sector, "merchant_validated_on": r.merchant_validated_on,
            "amount_mad": Decimal(r.amount_mad).quantize(Decimal("0.01")), "original_currency": r.original_currency,
            "payment_method": r.payment_method, "status": r.status, "buyer_country": r.buyer_country,
            "buyer_region": r.buyer_region, "cross_border": r.buyer_country != "MA",
        }
        raw = {k: ("" if v is None else str(v)) for k, v in values.items()}
        raw["merchant_id"] = raw.pop("merchant_ref")
        raw["ts"] = ts.isoformat()
        raw["reporting_platform"] = "tijara-own"  # reserved code: checked separately
        checked = parse_row(raw, i, report)
        if checked is not None:
            checked["reporting_platform"] = TIJARA_PLATFORM
            builder.add(checked)
    if not report.ok:
        raise IngestionRejected(report)
    return _commit(store, TIJARA_PLATFORM, builder.tables(), source="tijara", meta={"watermark": watermark},
                   rows_read=report.rows_read)


def tijara_watermark(store: FactStore | None = None) -> str | None:
    """The watermark passed with the last committed tijara batch (where the next run starts)."""
    marks = [m.meta.get("watermark") for m in (store or FactStore()).manifests() if m.platform == TIJARA_PLATFORM]
    marks = [m for m in marks if m]
    return max(marks) if marks else None


# ---- CSV files from other platforms -----------------------------------------------------------------
def ingest_csv(path: str | Path, *, store: FactStore | None = None,
               progress: Callable[[int, int], None] | None = None) -> IngestResult:
    """Validate a whole CSV file, then load it in one batch; raise IngestionRejected on any bad row."""
    store = store or FactStore()
    path = Path(path)
    report = IngestionReport(source=path.name)
    size = path.stat().st_size
    stage = store.root / "_staging" / uuid.uuid4().hex
    builder = _RowBuilder(stage)
    platforms: set[str] = set()
    try:
        with open(path, "rb") as binary:
            reader = csv.DictReader(_decoded_lines(binary, report))
            line = 1
            try:
                if not check_header(reader.fieldnames, report):
                    raise IngestionRejected(report)
                for raw in reader:
                    line = reader.line_num
                    report.rows_read += 1
                    if None in raw or any(v is None for v in raw.values()):
                        report.add(line, None, None, "wrong number of fields")
                        continue
                    values = parse_row(raw, line, report)
                    if values is not None:
                        platforms.add(values["reporting_platform"])
                        builder.add(values, line=line, report=report)
                    if progress and report.rows_read % 50_000 == 0:
                        progress(binary.tell(), size)
            except csv.Error as exc:
                report.add(line + 1, None, None, f"malformed CSV: {exc}")
        if len(platforms) > 1:
            report.add(1, "reporting_platform", ", ".join(sorted(platforms)),
                       "one file must come from one reporting platform")
        if report.rows_read == 0 and report.ok:
            report.add(2, None, None, "the file has no data rows")
        if not report.ok:
            raise IngestionRejected(report)
        if progress:
            progress(size, size)
        return _commit(store, platforms.pop(), builder.tables(), source=f"csv:{path.name}", meta={},
                       rows_read=report.rows_read)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _decoded_lines(binary, report: IngestionReport):
    """Decode line by line so an encoding problem is reported with its line number."""
    for number, raw in enumerate(binary, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            report.add(number, None, None,
                       f"the file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8")
            yield raw.decode("utf-8", errors="replace")


# ---- shared ------------------------------------------------------------------------------------------
class _RowBuilder:
    """Collects checked rows into Arrow tables (spilled to staging Parquet files for big inputs)."""

    def __init__(self, stage: Path | None = None):
        self.stage = stage
        self.cols: dict[str, list] = {n: [] for n in FACT_SCHEMA.names}
        self.staged: list[Path] = []
        self.merchants: dict[int, tuple] = {}
        self.seen: dict[str, int] = {}
        self._keys: dict[tuple[str, str], int] = {}

    def add(self, v: dict, line: int = 0, report: IngestionReport | None = None) -> None:
        first = self.seen.get(v["transaction_id"])
        if first is not None:
            if report is not None:
                report.add(line, "transaction_id", v["transaction_id"], f"duplicate id (first on line {first})")
                return
            raise IngestionRejected(_single_error(v["transaction_id"], "duplicate payment id in one call"))
        self.seen[v["transaction_id"]] = line
        key = (v["reporting_platform"], v["merchant_ref"])
        mid = self._keys.get(key)
        if mid is None:
            mid = self._keys[key] = merchant_pseudonym(*key)
        self.merchants[mid] = (mid, v["reporting_platform"], v["merchant_region"], v["merchant_sector"],
                               v["merchant_validated_on"])
        v = dict(v, merchant_id=mid)
        for name in FACT_SCHEMA.names:
            self.cols[name].append(v[name])
        if self.stage is not None and len(self.cols["transaction_id"]) >= STAGE_ROWS:
            self._spill()

    def _table(self) -> pa.Table:
        return pa.table({n: pa.array(self.cols[n], FACT_SCHEMA.field(n).type) for n in FACT_SCHEMA.names},
                        schema=FACT_SCHEMA)

    def _spill(self) -> None:
        self.stage.mkdir(parents=True, exist_ok=True)
        path = self.stage / f"stage-{len(self.staged):05d}.parquet"
        pq.write_table(self._table(), path)
        self.staged.append(path)
        self.cols = {n: [] for n in FACT_SCHEMA.names}

    def tables(self) -> tuple[list[str], pa.Table, pa.Table]:
        merchants = pa.table(list(zip(*self.merchants.values(), strict=True)) or [[] for _ in MERCHANT_SCHEMA],
                             schema=MERCHANT_SCHEMA)
        return [str(p) for p in self.staged], self._table(), merchants


def _single_error(value: str, message: str) -> IngestionReport:
    report = IngestionReport(source="tijara payments")
    report.add(0, "payment_id", value, message)
    return report


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
                               "(SELECT transaction_id FROM same) ORDER BY merchant_id, ts").to_arrow_table()
        else:
            to_write = con.sql(f"SELECT {cols} FROM new ORDER BY merchant_id, ts").to_arrow_table()
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
