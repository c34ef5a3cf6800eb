"""The Parquet fact store: files partitioned year=/month=, committed by batch manifests.

A batch writes its Parquet files first, then one manifest file (write to a temporary name, rename):
the rename is the commit. Readers only see files listed by committed manifests and not superseded
by a later one, so a crash or a rejected file never leaves half a load visible. ``vacuum`` deletes
files that no committed manifest references, after which the directory is a plain hive-partitioned
Parquet dataset for Spark or Trino (docs/observatory-schema.md).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import conf
from .schema import CUBE_DIMENSIONS, FACT_SCHEMA, MERCHANT_SCHEMA, OK_ROWS_SQL, cube_measures_sql

CUBE_FORMAT = 3  # bump when the aggregate's columns or measures change: old aggregates then count as stale
GENERATED_PLATFORM = "generator"  # the reporting_platform of generated rows (observatory.generator)
PARQUET_OPTIONS = {"compression": "lz4", "store_decimal_as_integer": True}


def _new_batch_id() -> str:
    now = dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@dataclass
class Manifest:
    id: str
    platform: str
    source: str
    rows: int
    files: list[str]
    merchant_files: list[str]
    supersedes: list[str]
    months: list[str]
    meta: dict = field(default_factory=dict)


@dataclass
class Snapshot:
    """The committed state of the store at one moment: live files per month."""

    root: Path
    manifests: list[Manifest]
    facts: dict[str, list[str]]  # month key -> live fact files (relative paths)
    platform_files: dict[str, list[str]]  # platform -> live fact files
    merchant_files: list[str]

    def fact_files(self, months: list[str] | None = None) -> list[str]:
        keys = sorted(self.facts) if months is None else [m for m in months if m in self.facts]
        return [str(self.root / f) for k in keys for f in self.facts[k]]

    def months(self) -> list[str]:
        return sorted(self.facts)

    def month_weights(self) -> dict[str, int]:
        """Sampling weight of each month's generated rows: 1/scale of the generator batch that wrote them
        (kept in its manifest), so a 1 % sample counts each row 100 times. Months without
        sampled rows are absent (weight 1); rows reported by platforms are never weighted."""
        live = {f for files in self.facts.values() for f in files}
        weights: dict[str, int] = {}
        for m in self.manifests:
            scale = float(m.meta.get("scale") or 1) if m.source == "generator" else 1.0
            if not 0 < scale < 1:
                continue
            for f in m.files:
                if f in live:
                    parts = Path(f).parts
                    weights[month_key(int(parts[1][5:]), int(parts[2][6:]))] = max(1, round(1 / scale))
        return weights

    def weight_sql(self, months: list[str]) -> str:
        """SQL weight of one fact row of these months (generated rows count 1/scale times, others once)."""
        weights = {m: w for m, w in self.month_weights().items() if m in months}
        if not weights:
            return "1"
        if len(set(weights.values())) == 1 and all(m in weights for m in months if m in self.facts):
            inner = str(next(iter(weights.values())))
        else:
            cases = " ".join(f"WHEN {int(m[:4]) * 100 + int(m[5:])} THEN {w}" for m, w in sorted(weights.items()))
            inner = f"(CASE year::INTEGER * 100 + month::INTEGER {cases} ELSE 1 END)"
        return f"(CASE WHEN reporting_platform = '{GENERATED_PLATFORM}' THEN {inner} ELSE 1 END)"

    def cube_file(self, month: str) -> Path:
        """Where the aggregate of a month's current files lives (name = hash of the file list and weight)."""
        listing = "\n".join([f"cube-format-{CUBE_FORMAT}", f"weight-{self.month_weights().get(month, 1)}"]
                            + sorted(self.facts.get(month, [])))
        digest = hashlib.sha1(listing.encode(), usedforsecurity=False).hexdigest()[:16]
        year, mon = month.split("-")
        return self.root / "agg" / f"year={year}" / f"month={mon}" / f"cube-{digest}.parquet"

    def rollup_file(self, year: int, quarter: int | None) -> Path | None:
        """Aggregate of a whole quarter or year (merchant grain, months summed), named by its members."""
        members = [m for m in self._block(year, quarter) if m in self.facts]
        if not members:
            return None
        listing = "\n".join(str(self.cube_file(m).name) for m in members)
        digest = hashlib.sha1(listing.encode(), usedforsecurity=False).hexdigest()[:16]
        name = f"cube-{'y' if quarter is None else f'q{quarter}'}-{digest}.parquet"
        return self.root / "agg" / f"year={year:04d}" / name

    @staticmethod
    def _block(year: int, quarter: int | None) -> list[str]:
        months = range(1, 13) if quarter is None else range(3 * quarter - 2, 3 * quarter + 1)
        return [month_key(year, m) for m in months]

    def fresh_cubes(self, months: list[str], rollups: bool = True) -> list[str] | None:
        """Aggregate files covering these months, or None when one month's aggregate is missing or stale.

        With ``rollups``, whole years and quarters are read from their rollups when those are fresh
        (a year is then ~0.2 M rows instead of ~1.5 M): fine for period totals, not for monthly series.
        """
        wanted = set(months)
        paths: list[str] = []
        done: set[str] = set()
        if rollups:
            for year in sorted({int(m[:4]) for m in months}):
                blocks = [None] if set(self._block(year, None)) <= wanted else []
                blocks += [q for q in (1, 2, 3, 4) if set(self._block(year, q)) <= wanted]
                for quarter in blocks:
                    block = self._block(year, quarter)
                    if done & set(block):
                        continue
                    rollup = self.rollup_file(year, quarter)
                    if rollup is not None and rollup.exists():
                        paths.append(str(rollup))
                        done |= set(block)
        for m in months:
            if m in done or m not in self.facts:
                continue
            p = self.cube_file(m)
            if not p.exists():
                return None
            paths.append(str(p))
        return paths


class FactStore:
    """One store directory. Writers take an exclusive file lock; readers take a snapshot."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else conf.data_dir()

    # ---- reading -----------------------------------------------------------------------------
    def manifests(self) -> list[Manifest]:
        bdir = self.root / "_batches"
        if not bdir.is_dir():
            return []
        out = []
        for p in sorted(bdir.glob("*.json")):
            out.append(Manifest(**json.loads(p.read_text("utf-8"))))
        return out

    def snapshot(self) -> Snapshot:
        manifests = self.manifests()
        dead = {f for m in manifests for f in m.supersedes}
        facts: dict[str, list[str]] = defaultdict(list)
        by_platform: dict[str, list[str]] = defaultdict(list)
        merchants = []
        for m in manifests:
            for f in m.files:
                if f not in dead:
                    parts = Path(f).parts  # facts/year=YYYY/month=MM/file
                    facts[month_key(int(parts[1][5:]), int(parts[2][6:]))].append(f)
                    by_platform[m.platform].append(f)
            merchants += [str(self.root / f) for f in m.merchant_files if f not in dead]
        return Snapshot(self.root, manifests, dict(facts), dict(by_platform), merchants)

    # ---- writing -----------------------------------------------------------------------------
    @contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextmanager
    def batch(self, *, platform: str, source: str, meta: dict | None = None,
              aggregate: bool = True) -> Iterator[BatchWriter]:
        """Write one batch under the store lock; committed only if the block ends without error.

        The month aggregates it touches are rebuilt right after the commit (``aggregate=False``
        leaves them stale: queries then read the raw facts until ``refresh_aggregates``)."""
        with self.lock():
            writer = BatchWriter(self, platform=platform, source=source, meta=meta or {})
            try:
                yield writer
            except BaseException:
                writer.abort()
                raise
            if writer.files or writer.supersedes or writer.merchant_files:
                writer.commit()
        if writer.committed and aggregate:
            self.refresh_aggregates(writer.touched_months)

    def refresh_aggregates(self, months: set[str] | None = None, progress=None) -> int:
        """(Re)build the month aggregates that are missing or stale; returns how many were built."""
        snap = self.snapshot()
        built = 0
        todo = sorted(months if months is not None else snap.facts)
        con = duckdb.connect()
        for m in todo:
            target = snap.cube_file(m)
            if m not in snap.facts or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
            files = snap.fact_files([m])
            year, mon = (int(x) for x in m.split("-"))
            dims = ", ".join(CUBE_DIMENSIONS)
            con.execute(
                f"COPY (SELECT {year}::SMALLINT AS year, {mon}::TINYINT AS month, {dims}, "
                f"{cube_measures_sql(snap.weight_sql([m]))} "
                f"FROM read_parquet($files) WHERE {OK_ROWS_SQL} GROUP BY ALL) "
                f"TO '{str(tmp).replace(chr(39), chr(39) * 2)}' (FORMAT parquet, COMPRESSION zstd)",
                {"files": files},
            )
            os.replace(tmp, target)
            built += 1
            if progress:
                progress(m)
        snap = self.snapshot()
        years = sorted({int(m[:4]) for m in todo if m in snap.facts})
        for year in years:
            for quarter in (None, 1, 2, 3, 4):
                built += self._build_rollup(con, snap, year, quarter)
        con.close()
        return built

    def _build_rollup(self, con, snap: Snapshot, year: int, quarter: int | None) -> int:
        target = snap.rollup_file(year, quarter)
        members = [snap.cube_file(m) for m in snap._block(year, quarter) if m in snap.facts]
        if target is None or target.exists() or not all(p.exists() for p in members):
            return 0
        dims = ", ".join(CUBE_DIMENSIONS)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        con.execute(
            f"COPY (SELECT {year}::SMALLINT AS year, 0::TINYINT AS month, {dims}, sum(n)::BIGINT AS n, "
            f"sum(n_refunded)::BIGINT AS n_refunded, sum(n_cross)::BIGINT AS n_cross, sum(amount) AS amount "
            f"FROM read_parquet($files, hive_partitioning = false) GROUP BY ALL) "
            f"TO '{str(tmp).replace(chr(39), chr(39) * 2)}' (FORMAT parquet, COMPRESSION zstd)",
            {"files": [str(p) for p in members]},
        )
        os.replace(tmp, target)
        return 1

    def vacuum(self) -> int:
        """Delete data files that no live manifest references (superseded or never committed)."""
        snap = self.snapshot()
        live = {str(self.root / f) for fs in snap.facts.values() for f in fs} | set(snap.merchant_files)
        live |= {str(snap.cube_file(m)) for m in snap.facts}
        for year in {int(m[:4]) for m in snap.facts}:
            live |= {str(snap.rollup_file(year, q)) for q in (None, 1, 2, 3, 4)}
        removed = 0
        with self.lock():
            for sub in ("facts", "merchants", "agg"):
                for p in (self.root / sub).rglob("*.parquet") if (self.root / sub).is_dir() else []:
                    if str(p) not in live:
                        p.unlink()
                        removed += 1
            # manifests whose files are all superseded stay: they document what happened.
        return removed


def conform(table: pa.Table) -> pa.Table:
    """Columns in schema order and type; dictionary-encoded strings are kept (same Parquet type)."""
    table = table.select(FACT_SCHEMA.names)
    cols = []
    for f, col in zip(FACT_SCHEMA, table.columns, strict=True):
        if pa.types.is_dictionary(col.type) and pa.types.is_string(col.type.value_type) and f.type == pa.string():
            cols.append(col)
        elif col.type != f.type:
            cols.append(col.cast(f.type))
        else:
            cols.append(col)
    return pa.table(cols, names=FACT_SCHEMA.names)


class BatchWriter:
    """Files written by one batch; invisible to readers until commit()."""

    def __init__(self, store: FactStore, *, platform: str, source: str, meta: dict,
                 batch_id: str | None = None, tag: str = ""):
        self.store = store
        self.id = batch_id or _new_batch_id()
        self.tag = tag
        self.platform = platform
        self.source = source
        self.meta = meta
        self.files: list[str] = []
        self.merchant_files: list[str] = []
        self.supersedes: list[str] = []
        self.rows = 0
        self.touched_months: set[str] = set()
        self.committed = False
        self._seq = 0

    def write_facts(self, table: pa.Table) -> None:
        """Write fact rows (any months); split into year/month partitions by their timestamp."""
        if table.num_rows == 0:
            return
        table = conform(table)
        ts = table.column("ts")
        keys = pc.add(pc.multiply(pc.year(ts), 100), pc.month(ts))
        uniq = pc.unique(keys).to_pylist()
        for key in sorted(uniq):
            part = table if len(uniq) == 1 else table.filter(pc.equal(keys, key))
            self._write_month(key // 100, key % 100, part)

    def _write_month(self, year: int, month: int, table: pa.Table) -> None:
        rel = Path("facts") / f"year={year:04d}" / f"month={month:02d}" / f"part-{self.id}{self.tag}-{self._seq:04d}.parquet"
        self._seq += 1
        path = self.store.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path, **PARQUET_OPTIONS)
        self.files.append(str(rel))
        self.rows += table.num_rows
        self.touched_months.add(month_key(year, month))

    def write_merchants(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        rel = Path("merchants") / f"merchants-{self.id}-{self._seq:04d}.parquet"
        self._seq += 1
        path = self.store.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.select(MERCHANT_SCHEMA.names).cast(MERCHANT_SCHEMA), path, **PARQUET_OPTIONS)
        self.merchant_files.append(str(rel))

    def adopt(self, files: list[str], rows: int, months: set[str]) -> None:
        """Take over files written for this batch by a worker process."""
        self.files.extend(files)
        self.rows += rows
        self.touched_months |= months

    def supersede(self, relative_paths: list[str]) -> None:
        for rel in relative_paths:
            if rel.startswith("facts/"):
                parts = Path(rel).parts
                self.touched_months.add(month_key(int(parts[1][5:]), int(parts[2][6:])))
        self.supersedes.extend(relative_paths)

    def commit(self) -> Manifest:
        manifest = Manifest(
            id=self.id, platform=self.platform, source=self.source, rows=self.rows, files=self.files,
            merchant_files=self.merchant_files, supersedes=self.supersedes,
            months=sorted(self.touched_months), meta=self.meta,
        )
        bdir = self.store.root / "_batches"
        bdir.mkdir(parents=True, exist_ok=True)
        _atomic_write_bytes(bdir / f"{self.id}.json", json.dumps(manifest.__dict__, indent=1).encode())
        self.committed = True
        return manifest

    def abort(self) -> None:
        for rel in self.files + self.merchant_files:
            (self.store.root / rel).unlink(missing_ok=True)
        self.files, self.merchant_files = [], []
