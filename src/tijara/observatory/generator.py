"""Realistic raw transactions calibrated to the published card series [OBS-SERIES].

Card rows per month and card origin hit the calibration targets exactly (count, and amount to the
cent), so recomputing a published period from the rows gives back the published figure. Everything
else (days, hours, merchants, sectors, regions, baskets, refunds, failures, non-card methods) is
random but seasonal and reproducible from the seed. Vectorised with numpy; each month is generated
from its own random stream, so generating 2022 alone gives the same rows as 2011-2025.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pyarrow as pa

from . import calibration, conf
from .pseudonym import merchant_pseudonym
from .reference import SECTORS, eid_dates, ramadan_periods
from .schema import AMOUNT_TYPE, MERCHANT_SCHEMA

PLATFORM = "generator"
CHUNK_ROWS = 1_000_000
VALIDATED_BEFORE_2011 = 700

# [I] shares below are inferences (no published breakdown); documented in docs/observatory-schema.md.
MERCHANT_REGION_WEIGHTS = np.array([9, 3, 7, 17, 2, 45, 8, 1.2, 5, 0.8, 1, 1], dtype=float)
BUYER_REGION_URBAN = np.array([1.1, 0.8, 0.9, 1.4, 0.6, 1.6, 1.0, 0.5, 0.9, 0.6, 0.9, 1.0])
SECTOR_WEIGHTS = np.array([0.14, 0.12, 0.20, 0.10, 0.12, 0.08, 0.12, 0.12])  # order of SECTORS
SECTOR_MEDIAN_BASKET = np.array([280, 450, 350, 220, 1200, 150, 600, 250], dtype=float)
HOUR_WEIGHTS = np.array([2, 1, .6, .4, .3, .4, .8, 1.5, 2.5, 3.5, 4, 4.2, 4.5, 4.3, 4.2, 4.3, 4.5, 4.8,
                         5.2, 5.6, 6, 6.2, 5.4, 3.6])
FOREIGN_COUNTRIES = ["FR", "ES", "BE", "NL", "IT", "DE", "US", "GB", "CA", "AE", "SA", "MA"]
FOREIGN_COUNTRY_WEIGHTS = np.array([34, 10, 8, 7, 6, 5, 8, 5, 4, 3, 2, 8], dtype=float)
COUNTRY_CURRENCY = {"FR": "EUR", "ES": "EUR", "BE": "EUR", "NL": "EUR", "IT": "EUR", "DE": "EUR", "US": "USD",
                    "GB": "GBP", "CA": "CAD", "AE": "AED", "SA": "SAR", "MA": "EUR"}
CURRENCIES = ["MAD", "EUR", "USD", "GBP", "CAD", "AED", "SAR"]
COUNTRIES = FOREIGN_COUNTRIES  # "MA" is the last one
METHODS = ["domestic_card", "foreign_card", "cod", "transfer", "wallet"]
STATUSES = ["captured", "refunded", "failed"]


class Sampler:
    """Fast categorical sampling: a lookup table of 2^bits slots filled in proportion to the weights."""

    def __init__(self, weights: np.ndarray, bits: int = 20):
        w = np.asarray(weights, dtype=float)
        size = 1 << bits
        counts = np.floor(w / w.sum() * size).astype(np.int64)
        counts[np.argmax(w)] += size - counts.sum()
        self.table = np.repeat(np.arange(len(w), dtype=np.int32), counts)
        self.size = size

    def __call__(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.table[rng.integers(0, self.size, n, dtype=np.uint32)]


def _dict_array(indices: np.ndarray, values: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int8)), pa.array(values))


def _const_dict(n: int, index: int, values: list[str]) -> pa.DictionaryArray:
    return _dict_array(np.full(n, index, dtype=np.int8), values)


_DIGITS4 = np.frombuffer("".join(f"{i:04d}" for i in range(10000)).encode(), dtype=np.uint32)


def _fixed_ids(prefix: str, start: int, n: int) -> pa.Array:
    """Ids of 24 ASCII bytes: a 12-byte prefix and 12 digits, built as uint32 words (fast at 10^8 rows)."""
    p = prefix.encode()
    if len(p) != 12:
        raise ValueError("prefix must be 12 bytes")
    words = np.empty((n, 6), dtype=np.uint32)
    words[:, :3] = np.frombuffer(p, dtype=np.uint32)
    seq = np.arange(start, start + n, dtype=np.int64)
    words[:, 3] = _DIGITS4[seq // 100_000_000 % 10000]
    words[:, 4] = _DIGITS4[seq // 10000 % 10000]
    words[:, 5] = _DIGITS4[seq % 10000]
    offsets = np.arange(0, (n + 1) * 24, 24, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(words)])


def _decimal_from_cents(cents: np.ndarray) -> pa.Array:
    buf = np.zeros((len(cents), 2), dtype=np.int64)
    buf[:, 0] = cents
    buf[:, 1] = np.where(cents < 0, -1, 0)
    return pa.Array.from_buffers(AMOUNT_TYPE, len(cents), [None, pa.py_buffer(buf)])


def exact_cents(weights: np.ndarray, total: int) -> np.ndarray:
    """Amounts in cents proportional to weights and adding up to total exactly."""
    n = len(weights)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    scaled = weights * (total / weights.sum())
    cents = np.floor(scaled).astype(np.int64)
    rest = int(total - cents.sum())
    if rest > 0:
        cents[:rest] += 1  # rows are in random order already
    elif rest < 0:  # float rounding on huge totals: take back from the largest rows
        cents[np.argsort(cents)[rest:]] -= 1
    return cents


@dataclass(frozen=True, eq=False)
class Universe:
    """The merchants of a generated economy: validated year by year, sizes Zipf-like."""

    ids: np.ndarray  # int64 pseudonyms
    region: np.ndarray  # int8 1-12
    sector: np.ndarray  # index into SECTORS
    validated_on: np.ndarray  # days since epoch (date32)
    size: np.ndarray  # relative sales weight
    validated_year: np.ndarray

    def eligible(self, year: int) -> np.ndarray:
        """Merchants that may sell in a year: validated before it starts ([I] simplification)."""
        return np.flatnonzero(self.validated_year < year)

    def active(self, year: int) -> np.ndarray:
        """The year's card-active merchants: the largest eligible ones, as many as the anchor says."""
        elig = self.eligible(year)
        n = min(calibration.anchor(year).active_merchants, len(elig))
        return elig[np.argsort(-self.size[elig], kind="stable")[:n]]

    def merchant_table(self, up_to_year: int) -> pa.Table:
        keep = self.validated_year <= up_to_year
        return pa.table({
            "merchant_id": pa.array(self.ids[keep]),
            "reporting_platform": pa.array([PLATFORM] * int(keep.sum())),
            "merchant_region": pa.array(self.region[keep], pa.int8()),
            "merchant_sector": pa.array([SECTORS[i] for i in self.sector[keep]]),
            "merchant_validated_on": pa.array(self.validated_on[keep].astype(np.int32), pa.date32()),
        }, schema=MERCHANT_SCHEMA)


def build_universe(seed: int, last_year: int) -> Universe:
    rng = np.random.default_rng([seed, 0])
    bounds = [(2010, VALIDATED_BEFORE_2011)] + [
        (y, calibration.anchor(y).validated_merchants) for y in range(calibration.FIRST_YEAR, last_year + 1)
    ]
    n = bounds[-1][1]
    vyear = np.empty(n, dtype=np.int32)
    lo = 0
    for y, hi in bounds:
        vyear[lo:hi] = y
        lo = hi
    epoch = dt.date(1970, 1, 1)
    start = np.array([(dt.date(int(y) if y > 2010 else 2008, 1, 1) - epoch).days for y in vyear])
    span = np.where(vyear > 2010, 365, 365 * 3)
    validated_on = start + (rng.random(n) * span).astype(np.int64)
    region = rng.choice(12, n, p=MERCHANT_REGION_WEIGHTS / MERCHANT_REGION_WEIGHTS.sum()) + 1
    sector = rng.choice(len(SECTORS), n, p=SECTOR_WEIGHTS / SECTOR_WEIGHTS.sum())
    size = rng.lognormal(0.0, 1.5, n)
    key = conf.pseudonym_key()
    ids = np.array([merchant_pseudonym(PLATFORM, f"m{i:06d}", key) for i in range(n)], dtype=np.int64)
    return Universe(ids, region.astype(np.int8), sector, validated_on, size, vyear)


def _day_weights(year: int, month: int) -> np.ndarray:
    days = calendar.monthrange(year, month)[1]
    w = np.ones(days)
    ram = ramadan_periods()
    eids = eid_dates()
    for i in range(days):
        d = dt.date(year, month, i + 1)
        if any(s <= d <= e for s, e in ram):
            w[i] += 0.25
        if any(0 < (e - d).days <= 10 for e in eids):
            w[i] += 0.4
        if month == 11 and d.weekday() == 4 and d.day >= 22 and d.day <= 28:  # Black Friday
            w[i] += 1.5
        if month == 12 and d.day >= 15:
            w[i] += 0.3
        if d.weekday() == 4:
            w[i] -= 0.05
    return w / w.sum()


def _buyer_weights() -> np.ndarray:
    from .reference import regions

    pop = np.array([regions()[c].population for c in range(1, 13)], dtype=float) * BUYER_REGION_URBAN
    return pop / pop.sum()


class MonthGenerator:
    """Rows of one month: card groups at exact targets, then failures and non-card methods."""

    def __init__(self, universe: Universe, seed: int, year: int, month: int, scale: float,
                 cards_only: bool = False):
        self.cards_only = cards_only
        self.u, self.seed, self.year, self.month, self.scale = universe, seed, year, month, scale
        self.rng = np.random.default_rng([seed, year, month])
        self.slot = Sampler(np.outer(_day_weights(year, month), HOUR_WEIGHTS).ravel())  # day x hour
        self.buyer = Sampler(_buyer_weights(), 16)
        self.country = Sampler(FOREIGN_COUNTRY_WEIGHTS, 16)
        self.base_us = int((dt.datetime(year, month, 1) - dt.datetime(1970, 1, 1)).total_seconds()) * 1_000_000
        self.prefix = f"g{seed % 10000:04d}-{year:04d}{month:02d}"
        self.seq = 0
        self.target = calibration.month_targets(year, scale)[month - 1]
        active = universe.active(year)
        self.card_merchants = active
        self.card_p = Sampler(universe.size[active], 22)
        elig = universe.eligible(year)
        self.all_merchants = elig if len(elig) else active
        self.all_p = Sampler(universe.size[self.all_merchants], 22)
        # every card-active merchant sells at least once in the year: a twelfth of them in each month
        self.guaranteed = active[(np.arange(len(active)) % 12) == (month - 1)]

    def chunks(self) -> Iterator[pa.Table]:
        t = self.target
        card_ops = sum(t.ops.values())
        card_cents = sum(t.cents.values())
        first = True
        for origin, method in (("moroccan", "domestic_card"), ("foreign", "foreign_card")):
            for n, cents in self._pieces(t.ops[origin], t.cents[origin]):
                yield self._rows(n, cents, method, self.card_merchants, self.card_p, first, origin)
                first = False
            n_fail = int(round(t.ops[origin] * conf.card_failure_rate()))
            avg = t.cents[origin] / max(t.ops[origin], 1)
            for n, _ in self._pieces(n_fail, 0):
                yield self._rows(n, int(n * avg), method, self.card_merchants, self.card_p, False, origin,
                                 failed=True)
        if self.cards_only:
            return
        share = conf.non_card_share()
        ratio = share / (1 - share)
        nc_ops = int((Decimal(card_ops) * ratio).to_integral_value())
        nc_cents = int((Decimal(card_cents) * ratio).to_integral_value())
        split = conf.non_card_split()
        methods = list(split)
        ops_parts = calibration._split(nc_ops, [float(split[m]) for m in methods])
        cents_parts = calibration._split(nc_cents, [float(split[m]) for m in methods])
        for method, n_m, c_m in zip(methods, ops_parts, cents_parts, strict=True):
            for n, cents in self._pieces(n_m, c_m):
                yield self._rows(n, cents, method, self.all_merchants, self.all_p, False, "moroccan")
            if method == "cod":
                n_fail = int(round(n_m * conf.cod_refusal_rate()))
                avg = c_m / max(n_m, 1)
                for n, _ in self._pieces(n_fail, 0):
                    yield self._rows(n, int(n * avg), method, self.all_merchants, self.all_p, False, "moroccan",
                                     failed=True)

    def _pieces(self, n: int, cents: int) -> list[tuple[int, int]]:
        k = max(1, math.ceil(n / CHUNK_ROWS))
        if n == 0:
            return []
        ns = calibration._split(n, [1.0] * k)
        cs = calibration._split(cents, [float(x) for x in ns])
        return list(zip(ns, cs, strict=True))

    def _rows(self, n, cents, method, merchants, p, guarantee, origin, failed=False) -> pa.Table:
        rng = self.rng
        m = merchants[p(rng, n)]
        if guarantee:
            g = self.guaranteed[:n]
            m[: len(g)] = g
        bregion = self.buyer(rng, n) + 1
        # rows clustered by merchant, then buyer region: reports aggregate by merchant x method and
        # merchant x buyer region, and clustered rows make that much faster (cache locality). The
        # other columns are drawn independently of these two, so sorting them changes no figure.
        order = np.lexsort((bregion, m))
        m, bregion = m[order], bregion[order]
        sector = self.u.sector[m]
        noise = np.exp(rng.standard_normal(n, dtype=np.float32) * np.float32(0.8))
        basket = SECTOR_MEDIAN_BASKET[sector] * np.clip(noise, 0.08, 25.0)
        if origin == "foreign":
            basket *= 1.8
        amount = exact_cents(basket, cents)
        slots = self.slot(rng, n).astype(np.int64)  # day * 24 + hour
        secs = rng.integers(0, 3600, n, dtype=np.int32)
        ts = self.base_us + (slots * 3600 + secs) * 1_000_000
        if failed:
            status = np.full(n, 2)
        else:
            rate = conf.card_refund_rate() if method.endswith("card") else conf.card_refund_rate() / 2
            status = (rng.random(n, dtype=np.float32) < rate).astype(np.int8)
        if origin == "foreign":
            cidx = self.country(rng, n)
            is_ma = cidx == len(COUNTRIES) - 1
            cur_lookup = np.array([CURRENCIES.index(COUNTRY_CURRENCY[c]) for c in COUNTRIES])
            currency = cur_lookup[cidx]
        else:
            cidx = np.full(n, len(COUNTRIES) - 1)
            is_ma = np.ones(n, dtype=bool)
            currency = np.zeros(n, dtype=np.int8)
        ids = _fixed_ids(self.prefix, self.seq, n)
        self.seq += n
        return pa.table({
            "transaction_id": ids,
            "ts": pa.array(ts.astype(np.int64), pa.timestamp("us")),
            "reporting_platform": _const_dict(n, 0, [PLATFORM]),
            "merchant_id": pa.array(self.u.ids[m]),
            "merchant_region": pa.array(self.u.region[m], pa.int8()),
            "merchant_sector": _dict_array(sector, list(SECTORS)),
            "merchant_validated_on": pa.array(self.u.validated_on[m].astype(np.int32), pa.date32()),
            "amount_mad": _decimal_from_cents(amount),
            "original_currency": _dict_array(currency, CURRENCIES),
            "payment_method": _const_dict(n, METHODS.index(method), METHODS),
            "status": _dict_array(status, STATUSES),
            "buyer_country": _dict_array(cidx, COUNTRIES),
            "buyer_region": pa.array(bregion.astype(np.int8), pa.int8(), mask=~is_ma),
            "cross_border": pa.array(~is_ma),
        })


_WORKER_UNIVERSE: Universe | None = None


def _generate_month(job: tuple) -> tuple[list[str], int, set[str], str]:
    """Worker: generate one month into files of the batch (not committed here)."""
    from .store import BatchWriter, FactStore

    root, batch_id, seed, year, month, scale, cards_only = job
    writer = BatchWriter(FactStore(root), platform=PLATFORM, source="generator", meta={}, batch_id=batch_id,
                         tag=f"-{year:04d}{month:02d}")
    gen = MonthGenerator(_WORKER_UNIVERSE, seed, year, month, scale, cards_only)
    pending: list[pa.Table] = []
    size = 0
    for table in gen.chunks():
        pending.append(table)
        size += table.num_rows
        if size >= CHUNK_ROWS:
            writer.write_facts(pa.concat_tables(pending))
            pending, size = [], 0
    if pending:
        writer.write_facts(pa.concat_tables(pending))
    return writer.files, writer.rows, writer.touched_months, f"{year:04d}-{month:02d}"


def generate(*, store, year_from: int, year_to: int, scale: float = 1.0, seed: int = 1,
             cards_only: bool = False, months: list[tuple[int, int]] | None = None, workers: int | None = None,
             progress: Callable[[str, int], None] | None = None, aggregate: bool = True) -> dict:
    """Generate months into the store as one batch, replacing earlier generated rows of those months.

    Months are independent, so they are generated by ``workers`` processes (default: all cores);
    each keeps at most about CHUNK_ROWS rows in memory.
    """
    global _WORKER_UNIVERSE
    if year_from < calibration.FIRST_YEAR or year_to < year_from:
        raise ValueError(f"years must satisfy {calibration.FIRST_YEAR} <= from <= to")
    if not (0 < scale <= 10):
        raise ValueError("scale must be in (0, 10]")
    todo = months or [(y, m) for y in range(year_from, year_to + 1) for m in range(1, 13)]
    last = max(y for y, _ in todo)
    _WORKER_UNIVERSE = build_universe(seed, last)
    meta = {"seed": seed, "scale": scale, "from": year_from, "to": year_to, "cards_only": cards_only}
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    with store.batch(platform=PLATFORM, source="generator", meta=meta, aggregate=aggregate) as batch:
        snap = store.snapshot()
        keys = {f"{y:04d}-{m:02d}" for y, m in todo}
        old = [f for f in snap.platform_files.get(PLATFORM, [])
               if f"{f.split('/')[1][5:]}-{f.split('/')[2][6:]}" in keys]
        batch.supersede(old)
        batch.write_merchants(_WORKER_UNIVERSE.merchant_table(last))
        jobs = [(str(store.root), batch.id, seed, y, m, scale, cards_only) for y, m in todo]
        if workers == 1:
            results = map(_generate_month, jobs)
            pool = None
        else:
            pool = multiprocessing.get_context("fork").Pool(workers)
            results = pool.imap(_generate_month, jobs)
        try:
            for files, rows, touched, label in results:
                batch.adopt(files, rows, touched)
                if progress:
                    progress(label, batch.rows)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
    return {"rows": batch.rows, "months": len(todo), "batch": batch.id}
