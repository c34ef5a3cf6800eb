"""Every published figure, as plain SQL over the fact store (DuckDB here; the SQL is portable).

A report first reduces the period to a *cube*: one row per merchant x payment method x status x
buyer region x cross-border flag, with operation counts and amounts. It is read either from the raw
facts or from the month aggregates maintained at ingestion (same columns, so the same SQL). Every
figure then comes from the cube: totals, breakdowns with exact distinct-merchant counts and the
largest merchant of each cell (for statistical secrecy). Secrecy is applied afterwards, in
publishing.py, on the finished tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import duckdb
from django.utils.translation import gettext as _

from . import calibration, conf
from .errors import ObservatoryInputError
from .periods import Period
from .reference import METHODS, SECTORS
from .schema import OK_ROWS_SQL
from .store import FactStore, Snapshot

SCOPES = ("card", "all")

BREAKDOWNS: dict[str, str] = {
    "by_card_origin": "CASE payment_method WHEN 'domestic_card' THEN 'moroccan' WHEN 'foreign_card' THEN 'foreign' END",
    "by_payment_method": "payment_method",
    "by_merchant_region": "merchant_region::VARCHAR",
    "by_buyer_region": "coalesce(buyer_region::VARCHAR, 'abroad')",
    "by_sector": "merchant_sector",
}
RAW_MEASURES = ("count(*)::BIGINT AS n, count(*) FILTER (WHERE status = 'refunded')::BIGINT AS n_refunded, "
                "sum(amount_mad) AS amount")
_EMPTY_CUBE = (
    "SELECT NULL::SMALLINT AS year, NULL::TINYINT AS month, NULL::BIGINT AS merchant_id, "
    "NULL::TINYINT AS merchant_region, NULL::VARCHAR AS merchant_sector, NULL::VARCHAR AS payment_method, "
    "NULL::TINYINT AS buyer_region, NULL::BIGINT AS n, NULL::BIGINT AS n_refunded, NULL::BIGINT AS n_cross, "
    "NULL::DECIMAL(18,2) AS amount"
)


@dataclass(frozen=True)
class Filters:
    """Optional filters of the dashboard and the API (all validated)."""

    region: int | None = None
    sector: str | None = None
    method: str | None = None

    @classmethod
    def parse(cls, region: str | int | None = None, sector: str | None = None, method: str | None = None) -> Filters:
        reg = None
        if region not in (None, ""):
            try:
                reg = int(region)
            except (TypeError, ValueError):
                reg = 0
            if not 1 <= reg <= 12:
                raise ObservatoryInputError(_("Unknown region: use a code from 1 to 12."), "region")
        if sector in ("", None):
            sector = None
        elif sector not in SECTORS:
            raise ObservatoryInputError(_("Unknown sector: use one of %(codes)s.") % {"codes": ", ".join(SECTORS)},
                                        "sector")
        if method in ("", None):
            method = None
        elif method not in METHODS:
            raise ObservatoryInputError(
                _("Unknown payment method: use one of %(codes)s.") % {"codes": ", ".join(METHODS)}, "method")
        return cls(reg, sector, method)

    def sql(self) -> tuple[str, list]:
        """WHERE clause on fact or aggregate rows. Region and sector are the merchant's, read from the
        merchant register (temp table ``mdim``, see ``load_merchants``)."""
        clauses, params = ["true"], []
        merchant = []
        if self.region is not None:
            merchant.append("merchant_region = ?")
            params.append(self.region)
        if self.sector is not None:
            merchant.append("merchant_sector = ?")
            params.append(self.sector)
        if merchant:
            clauses.append(f"merchant_id IN (SELECT merchant_id FROM mdim WHERE {' AND '.join(merchant)})")
        if self.method is not None:
            clauses.append("payment_method = ?")
            params.append(self.method)
        return " AND ".join(clauses), params

    def is_empty(self) -> bool:
        return self.region is None and self.sector is None and self.method is None


def scope_sql(scope: str) -> str:
    if scope not in SCOPES:
        raise ObservatoryInputError(_("Unknown scope: use card or all."), "scope")
    return "payment_method IN ('domestic_card', 'foreign_card')" if scope == "card" else "true"


def pct(part, whole, places: str = "0.1") -> Decimal | None:
    """part / whole in percent, rounded half-up like the published figures; None without a base."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def growth(current, previous) -> Decimal | None:
    if not previous:
        return None
    return ((Decimal(current) / Decimal(previous) - 1) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def grouped(snap: Snapshot, months: list[str], source: str, keys: str, where: str = "true",
            params: list | None = None, group_by: str = "ALL", extra: str = "",
            rollups: bool = True) -> tuple[str, list, str]:
    """SQL grouping the successful operations of these months by `keys`, with the cube's measures.

    Reads the month aggregates when they are fresh (``auto``/``agg``), else the raw facts; both
    give the same numbers (tested), the aggregates much faster.
    """
    if source not in ("auto", "agg", "raw"):
        raise ValueError(source)
    params = list(params or [])
    cubes = snap.fresh_cubes(months, rollups=rollups) if source in ("auto", "agg") else None
    if source == "agg" and cubes is None:
        raise RuntimeError("aggregates are missing or stale: run `tijara observatory aggregate`")
    measures = "sum(n)::BIGINT AS n, sum(n_refunded)::BIGINT AS n_refunded, sum(amount)::DECIMAL(38,2) AS amount"
    if cubes is not None:
        if not cubes:
            return f"SELECT {keys}{extra}, {measures} FROM ({_EMPTY_CUBE}) WHERE false GROUP BY {group_by}", [], "agg"
        return (f"SELECT {keys}{extra}, {measures} FROM read_parquet(?, hive_partitioning = false) "
                f"WHERE {where} GROUP BY {group_by}", [cubes] + params, "agg")
    files = snap.fact_files(months)
    if not files:
        return f"SELECT {keys}{extra}, {measures} FROM ({_EMPTY_CUBE}) WHERE false GROUP BY {group_by}", [], "raw"
    weight = snap.weight_sql(months)  # sampled generated rows stand for 1/scale operations
    measures_raw = RAW_MEASURES if weight == "1" else (
        f"sum({weight})::BIGINT AS n, coalesce(sum({weight}) FILTER (WHERE status = 'refunded'), 0)::BIGINT AS "
        f"n_refunded, sum(amount_mad * {weight})::DECIMAL(38,2) AS amount")
    return (
        f"SELECT {keys}{extra}, {measures_raw} FROM read_parquet(?, hive_partitioning = true, "
        f"hive_types = {{'year': 'SMALLINT', 'month': 'TINYINT'}}) "
        f"WHERE {OK_ROWS_SQL} AND {where} GROUP BY {group_by}",
        [files] + params,
        "raw",
    )


def connect() -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB bounded in threads and memory (settings: TIJARA_OBSERVATORY_DUCKDB_*)."""
    return duckdb.connect(config={"threads": conf.duckdb_threads(), "memory_limit": conf.duckdb_memory_limit()})


def _rows(con, sql: str, params: list) -> list[tuple]:
    return con.execute(sql, params).fetchall()


# Two groupings in one scan: merchant x payment method (g = 0: totals, methods, card origins and, with
# the merchant register, regions and sectors) and merchant x buyer region (g = 1). Cheaper than their
# product; merchant attributes are joined afterwards (a merchant counts in one region and sector).
CUBE_SETS = "GROUPING SETS ((merchant_id, payment_method), (merchant_id, buyer_region))"


def load_merchants(con, snap: Snapshot) -> None:
    """Temp table ``mdim``: each merchant's latest reported region, sector and validation date."""
    con.execute("DROP TABLE IF EXISTS mdim")
    if not snap.merchant_files:
        con.execute("CREATE TEMP TABLE mdim (merchant_id BIGINT, merchant_region TINYINT, merchant_sector VARCHAR, "
                    "merchant_validated_on DATE)")
        return
    con.execute("""
        CREATE TEMP TABLE mdim AS
        SELECT merchant_id, arg_max(merchant_region, filename) AS merchant_region,
               arg_max(merchant_sector, filename) AS merchant_sector,
               arg_max(merchant_validated_on, filename) AS merchant_validated_on
        FROM read_parquet(?, filename = true) GROUP BY merchant_id""", [snap.merchant_files])


def period_cube(con, snap: Snapshot, period: Period, filters: Filters, scope: str, source: str) -> str:
    """Build the temp table `cube` for a period, scope and filters; returns which source was used."""
    where, fparams = filters.sql()
    sql, params, used = grouped(snap, period.months(), source, "merchant_id, payment_method, buyer_region",
                                f"{where} AND {scope_sql(scope)}", fparams,
                                group_by=CUBE_SETS, extra=", GROUPING(payment_method)::TINYINT AS g")
    con.execute("DROP TABLE IF EXISTS cube")
    con.execute(f"CREATE TEMP TABLE cube AS SELECT c.*, d.merchant_region, d.merchant_sector "
                f"FROM ({sql}) c LEFT JOIN mdim d USING (merchant_id)", params)
    return used


def compute_period(period: Period, *, scope: str = "card", filters: Filters | None = None,
                   store: FactStore | None = None, source: str = "auto") -> dict:
    """Unsuppressed figures of a period (internal; publishing.py applies secrecy and labels)."""
    filters = filters or Filters()
    store = store or FactStore()
    snap = store.snapshot()
    scope_where = scope_sql(scope)
    con = connect()
    load_merchants(con, snap)
    used = period_cube(con, snap, period, filters, scope, source)
    tot = _rows(con, """
        WITH pm AS (SELECT merchant_id, sum(n) AS n, sum(amount) AS amount, sum(n_refunded) AS n_refunded
                    FROM cube WHERE g = 0 GROUP BY 1)
        SELECT coalesce(sum(n), 0)::BIGINT, coalesce(sum(amount), 0)::DECIMAL(38,2), count(*),
               coalesce(sum(n_refunded), 0)::BIGINT,
               (SELECT coalesce(sum(n), 0) FROM cube WHERE g = 1 AND buyer_region IS NULL)::BIGINT,
               coalesce(max(n), 0)::BIGINT, coalesce(max(amount), 0)::DECIMAL(38,2)
        FROM pm""", [])[0]
    ops, amount, merchants, refunded, cross, top_n, top_amount = tot
    out: dict = {
        "period": period.code,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "scope_code": scope,
        "filters": {"region": filters.region, "sector": filters.sector, "method": filters.method},
        "operations": int(ops),
        "amount_mad": Decimal(amount),
        "active_merchants": int(merchants),
        "average_basket_mad": (Decimal(amount) / ops).quantize(Decimal("0.01"), ROUND_HALF_UP) if ops else None,
        "refund_rate_pct": pct(refunded, ops, "0.01"),
        "cross_border_share_pct": pct(cross, ops),
        "_top": (int(top_n), Decimal(top_amount)),
        "source": used,
    }
    for name, expr in BREAKDOWNS.items():
        g = 1 if name == "by_buyer_region" else 0
        rows = _rows(con, f"""
            WITH pm AS (SELECT {expr} AS key, merchant_id, sum(n) AS n, sum(amount) AS amount
                        FROM cube WHERE g = {g} GROUP BY 1, 2)
            SELECT key, sum(n)::BIGINT, sum(amount)::DECIMAL(38,2), count(*), max(n)::BIGINT,
                   max(amount)::DECIMAL(38,2)
            FROM pm WHERE key IS NOT NULL GROUP BY key ORDER BY sum(n) DESC, key""", [])
        out[name] = [
            {"key": k, "operations": int(n), "amount_mad": Decimal(a), "merchants": int(m),
             "share_operations_pct": pct(n, ops), "share_amount_pct": pct(a, amount), "_top": (int(tn), Decimal(ta))}
            for k, n, a, m, tn, ta in rows
        ]
    # the same period a year earlier: only totals by payment method are needed for the growth rates
    prev = period.previous_year()
    prev_ops, prev_amount, prev_origin = 0, Decimal(0), {}
    if prev.year >= 2000:
        where, fparams = filters.sql()
        sql, params, _ = grouped(snap, prev.months(), "raw" if used == "raw" else "auto", "payment_method",
                                 f"{where} AND {scope_where}", fparams)
        for method, n, a, *_rest in _rows(con, f"SELECT payment_method, n, amount, n_refunded FROM ({sql})", params):
            prev_ops += int(n)
            prev_amount += Decimal(a)
            origin = {"domestic_card": "moroccan", "foreign_card": "foreign"}.get(method)
            if origin:
                prev_origin[origin] = (int(n), Decimal(a))
    out["previous"] = {"period": prev.code, "operations": prev_ops, "amount_mad": prev_amount}
    out["operations_yoy_pct"] = growth(ops, prev_ops)
    out["amount_yoy_pct"] = growth(amount, prev_amount)
    for row in out["by_card_origin"]:
        p_n, p_a = prev_origin.get(row["key"], (0, Decimal(0)))
        row["operations_yoy_pct"] = growth(row["operations"], p_n)
        row["amount_yoy_pct"] = growth(row["amount_mad"], p_a)
    out.update(_merchant_counts(con, snap, period, filters))
    out["data_status"] = _data_status(snap, period)
    out["sample_weight"] = sample_weight(snap, period.months())
    con.close()
    return out


def _merchant_counts(con, snap: Snapshot, period: Period, filters: Filters) -> dict:
    """Validated e-merchants known to the observatory: new in the period and cumulative at its end."""
    clauses, params = ["true"], []
    if filters.region is not None:
        clauses.append("merchant_region = ?")
        params.append(filters.region)
    if filters.sector is not None:
        clauses.append("merchant_sector = ?")
        params.append(filters.sector)
    new, total = con.execute(f"""
        SELECT count(*) FILTER (WHERE merchant_validated_on BETWEEN ? AND ?),
               count(*) FILTER (WHERE merchant_validated_on <= ?)
        FROM mdim WHERE {' AND '.join(clauses)}""", [period.start, period.end, period.end] + params).fetchall()[0]
    return {"new_merchants": int(new), "validated_merchants": int(total)}


def sample_weight(snap: Snapshot, months: list[str]) -> int:
    """The largest sampling weight of generated rows in these months (1: none sampled)."""
    weights = snap.month_weights()
    return max((weights.get(m, 1) for m in months), default=1)


def _data_status(snap: Snapshot, period: Period) -> list[str]:
    """Where generated rows are present, say whether their calibration was published or extrapolated."""
    generated = set()
    for f in snap.platform_files.get("generator", []):
        parts = f.split("/")
        generated.add(f"{parts[1][5:]}-{parts[2][6:]}")
    statuses = []
    for m in period.months():
        if m in generated:
            y, mo = (int(x) for x in m.split("-"))
            s = calibration.month_status(y, mo)
            if s not in statuses:
                statuses.append(s)
    return statuses


def monthly_series(*, scope: str = "card", filters: Filters | None = None, store: FactStore | None = None,
                   first_year: int | None = None, last_month: str | None = None, source: str = "auto") -> list[dict]:
    """Operations, amount, merchants and the largest merchant by month (charts and open data)."""
    filters = filters or Filters()
    snap = (store or FactStore()).snapshot()
    months = [m for m in snap.months() if (first_year is None or int(m[:4]) >= first_year)
              and (last_month is None or m <= last_month)]
    where, fparams = filters.sql()
    sql, params, _ = grouped(snap, months, source, "year, month, merchant_id", f"{where} AND {scope_sql(scope)}",
                             fparams, rollups=False)
    con = connect()
    load_merchants(con, snap)
    rows = con.execute(f"""
        SELECT year, month, sum(n)::BIGINT, sum(amount)::DECIMAL(38,2), count(*), max(n)::BIGINT,
               max(amount)::DECIMAL(38,2)
        FROM ({sql}) GROUP BY 1, 2 ORDER BY 1, 2""", params).fetchall()
    con.close()
    weights = snap.month_weights()
    return [{"month": f"{y:04d}-{m:02d}", "operations": int(n), "amount_mad": Decimal(a), "merchants": int(k),
             "_top": (int(tn), Decimal(ta)), "sample_weight": weights.get(f"{y:04d}-{m:02d}", 1)}
            for y, m, n, a, k, tn, ta in rows]


def latest_complete_month(store: FactStore | None = None) -> dt.date | None:
    snap = (store or FactStore()).snapshot()
    months = snap.months()
    if not months:
        return None
    y, m = (int(x) for x in months[-1].split("-"))
    return dt.date(y, m, 1)


def available_months(store: FactStore | None = None) -> list[str]:
    """Months with data, oldest first ("2022-01")."""
    return (store or FactStore()).snapshot().months()


def default_period_code(months: list[str]) -> str | None:
    """The last complete year with data, else the last month."""
    if not months:
        return None
    present = set(months)
    years = sorted({int(m[:4]) for m in months}, reverse=True)
    for y in years:
        if all(f"{y:04d}-{m:02d}" in present for m in range(1, 13)):
            return str(y)
    return months[-1]


def cod_by_region(period: Period, *, store: FactStore | None = None) -> list[dict]:
    """Per buyer region: all successful operations, cash-on-delivery ones, and COD parcels refused at the door
    (COD facts with status "failed"), with the merchants and the largest merchant of its COD cell (for secrecy).

    Read from the raw facts of the period: refusals are not in the month aggregates (successful rows only).
    """
    snap = (store or FactStore()).snapshot()
    files = snap.fact_files(period.months())
    if not files:
        return []
    # sampled generated rows stand for several operations each (the store's weight; 1 where none is sampled)
    w = snap.weight_sql(period.months())
    con = connect()
    rows = con.execute(f"""
        WITH pm AS (
            SELECT buyer_region, merchant_id,
                   coalesce(sum({w}) FILTER (WHERE status IN ('captured', 'refunded')), 0) AS n_ok,
                   coalesce(sum({w}) FILTER (WHERE payment_method = 'cod' AND status IN ('captured', 'refunded')), 0)
                       AS n_cod,
                   coalesce(sum({w}) FILTER (WHERE payment_method = 'cod' AND status = 'failed'), 0) AS n_refused,
                   coalesce(sum(amount_mad * {w}) FILTER (WHERE payment_method = 'cod'), 0) AS cod_amount
            FROM read_parquet(?, hive_partitioning = true, hive_types = {{'year': 'SMALLINT', 'month': 'TINYINT'}})
            WHERE buyer_region IS NOT NULL GROUP BY 1, 2)
        SELECT buyer_region, sum(n_ok)::BIGINT, sum(n_cod)::BIGINT, sum(n_refused)::BIGINT,
               count(*) FILTER (WHERE n_cod + n_refused > 0), max(n_cod + n_refused)::BIGINT,
               sum(cod_amount)::DECIMAL(38,2), max(cod_amount)::DECIMAL(38,2)
        FROM pm GROUP BY 1 ORDER BY 1""", [files]).fetchall()
    con.close()
    return [{"key": int(region), "operations": int(n_ok), "cod_operations": int(n_cod), "cod_refused": int(refused),
             "cod_share_pct": pct(n_cod, n_ok), "refusal_rate_pct": pct(refused, n_cod + refused),
             "merchants": int(merchants), "_cell": (int(n_cod + refused), Decimal(amount)),
             "_top": (int(top_n or 0), Decimal(top_amount or 0))}
            for region, n_ok, n_cod, refused, merchants, top_n, amount, top_amount in rows]
