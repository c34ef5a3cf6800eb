"""What leaves the observatory: statistical secrecy, scope labels, JSON and open-data files.

Secrecy rule [OBS-SECRECY]: a public cell built from fewer than 3 merchants, or where
one merchant makes more than 85 % of its operations or of its amount, is suppressed and shown as
"s". If that leaves exactly one suppressed cell in a breakdown, the smallest other cell is suppressed
too, so the hidden one cannot be recovered by subtracting the others from the total.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import conf
from .periods import Period
from .queries import BREAKDOWNS, Filters, cod_by_region, compute_period, monthly_series
from .store import FactStore

SUPPRESSED = "s"
VALUE_FIELDS = ("operations", "amount_mad", "share_operations_pct", "share_amount_pct", "operations_yoy_pct",
                "amount_yoy_pct")


def is_confidential(operations: int, amount: Decimal, merchants: int, top: tuple[int, Decimal]) -> bool:
    """Primary secrecy: too few merchants, or one merchant dominates the cell."""
    if operations == 0:
        return False
    limit = conf.secrecy_max_share()
    top_n, top_amount = top
    return (
        merchants < conf.secrecy_min_merchants()
        or Decimal(top_n) > limit * operations
        or (amount > 0 and top_amount > limit * amount)
    )


def apply_secrecy(figures: dict) -> dict:
    """Suppress confidential cells (primary + secondary) and drop the internal `_top` fields."""
    out = dict(figures)
    headline_secret = is_confidential(out["operations"], out["amount_mad"], out["active_merchants"], out.pop("_top"))
    suppressed = 0
    if headline_secret:
        for f in ("operations", "amount_mad", "operations_yoy_pct", "amount_yoy_pct", "average_basket_mad",
                  "refund_rate_pct", "cross_border_share_pct"):
            out[f] = SUPPRESSED
        out["previous"] = {"period": out["previous"]["period"], "operations": SUPPRESSED, "amount_mad": SUPPRESSED}
        suppressed += 1
    for name in BREAKDOWNS:
        rows = [dict(r) for r in out.get(name, [])]
        secret = [is_confidential(r["operations"], r["amount_mad"], r["merchants"], r.pop("_top")) or headline_secret
                  for r in rows]
        if sum(secret) == 1 and len(rows) > 1:
            candidates = [i for i, s in enumerate(secret) if not s]
            secret[min(candidates, key=lambda i: rows[i]["operations"])] = True
        for r, s in zip(rows, secret, strict=True):
            if s:
                for f in VALUE_FIELDS:
                    if f in r:
                        r[f] = SUPPRESSED
                suppressed += 1
        out[name] = rows
    out["suppressed_cells"] = suppressed
    return out


def scope_label(scope: str, period: Period, filters: Filters, data_status: list[str], sample_weight: int = 1) -> str:
    """Human label saying exactly what a figure counts (published figures differ by scope) [OBS-SCOPE]."""
    if filters.method:
        what = _("Payments by %(method)s") % {"method": filters.method.replace("_", " ")}
    elif scope == "card":
        what = _("Card payments (Moroccan and foreign cards)")
    else:
        what = _("All payment methods (cards, cash on delivery, transfer, wallet)")
    parts = [
        what,
        _("successful operations incl. later refunds"),
        _("e-merchants reporting to the tijara observatory"),
        _("period %(start)s to %(end)s") % {"start": _iso(period.start), "end": _iso(period.end)},
    ]
    if filters.region:
        parts.append(_("merchant region %(code)s") % {"code": filters.region})
    if filters.sector:
        parts.append(_("sector %(sector)s") % {"sector": filters.sector})
    if data_status:
        notes = {
            "published": _("generated data calibrated to the published CMI series"),
            "derived": _("generated data calibrated to a base derived from published growth rates"),
            "interpolated": _("generated data, year interpolated between published figures"),
            "extrapolated": _("generated data extrapolated beyond the last published figure"),
        }
        parts += [notes[s] for s in data_status if s in notes]
    if sample_weight > 1:  # generated rows are a sample, expanded back to national magnitudes
        parts.append(_("generated from a %(pct)s sample: each generated operation counts %(weight)s times, so "
                       "figures are national magnitudes; shares and growth rates are those of the sample") % {
            "pct": number_format(Decimal(100) / sample_weight, 0 if 100 % sample_weight == 0 else 2) + "\u00a0%",
            "weight": sample_weight})
    return ("؛ " if _rtl() else "; ").join(parts)


def _rtl() -> bool:
    return (get_language() or "").startswith("ar")


def _iso(day) -> str:
    """ISO date, isolated left-to-right inside Arabic text so it is not reordered."""
    return f"\u2066{day.isoformat()}\u2069" if _rtl() else day.isoformat()


def period_report(period: Period, *, scope: str = "card", filters: Filters | None = None,
                  store: FactStore | None = None, source: str = "auto", secrecy: bool = True) -> dict:
    """The public figures of a period, with its scope label (what the CLI, API, page and PDF show)."""
    filters = filters or Filters()
    figures = compute_period(period, scope=scope, filters=filters, store=store, source=source)
    if secrecy:
        figures = apply_secrecy(figures)
    else:
        figures.pop("_top")
        for name in BREAKDOWNS:
            for r in figures[name]:
                r.pop("_top", None)
    figures["scope"] = scope_label(scope, period, filters, figures["data_status"], figures["sample_weight"])
    return figures


# ---- serialisation -----------------------------------------------------------------------------
_DEC = re.compile(r'"__dec__(-?[0-9.]+)"')


def _default(obj):
    if isinstance(obj, Decimal):
        return f"__dec__{obj}"
    raise TypeError(type(obj))


def to_json(obj, indent: int | None = 2) -> str:
    """JSON where money and rates are exact decimal numbers (never a float round trip)."""
    return _DEC.sub(r"\1", json.dumps(obj, default=_default, indent=indent, ensure_ascii=False))


def open_data_rows(*, scope: str = "card", filters: Filters | None = None, store: FactStore | None = None,
                   first_year: int | None = None, last_month: str | None = None) -> list[dict]:
    """Monthly series as published open data, with secrecy applied row by row."""
    rows = monthly_series(scope=scope, filters=filters, store=store, first_year=first_year, last_month=last_month)
    out = []
    for r in rows:
        row = {"month": r["month"], "scope": scope, "operations": r["operations"], "amount_mad": r["amount_mad"],
               "active_merchants": r["merchants"], "sample_weight": r["sample_weight"]}
        if is_confidential(r["operations"], r["amount_mad"], r["merchants"], r["_top"]):
            row["operations"] = row["amount_mad"] = SUPPRESSED
        out.append(row)
    return out


def open_data_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["month", "scope", "operations", "amount_mad", "active_merchants",
                                             "sample_weight"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def figures_csv(report: dict) -> str:
    """A period's figures as one flat CSV table: headline rows then every breakdown cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["period", "scope", "table", "key", "operations", "amount_mad", "share_operations_pct",
                     "share_amount_pct", "merchants", "sample_weight"])
    base, weight = [report["period"], report["scope_code"]], report.get("sample_weight", 1)
    writer.writerow(base + ["total", "all", report["operations"], report["amount_mad"], "", "",
                            report["active_merchants"], weight])
    for name in BREAKDOWNS:
        for r in report.get(name, []):
            writer.writerow(base + [name, r["key"], r["operations"], r["amount_mad"], r["share_operations_pct"],
                                    r["share_amount_pct"], r["merchants"], weight])
    return buf.getvalue()


def open_data_parquet(rows: list[dict]) -> bytes:
    """Parquet open data: suppressed cells are nulls with a `suppressed` flag (typed columns)."""
    table = pa.table({
        "month": pa.array([r["month"] for r in rows], pa.string()),
        "scope": pa.array([r["scope"] for r in rows], pa.string()),
        "operations": pa.array([None if r["operations"] == SUPPRESSED else r["operations"] for r in rows], pa.int64()),
        "amount_mad": pa.array([None if r["amount_mad"] == SUPPRESSED else r["amount_mad"] for r in rows],
                               pa.decimal128(20, 2)),
        "active_merchants": pa.array([r["active_merchants"] for r in rows], pa.int64()),
        "sample_weight": pa.array([r.get("sample_weight", 1) for r in rows], pa.int64()),
        "suppressed": pa.array([r["operations"] == SUPPRESSED for r in rows], pa.bool_()),
    })
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def cod_region_report(period: Period, *, store: FactStore | None = None, secrecy: bool = True) -> dict:
    """Cash on delivery by buyer region: its share of operations and its refusal rate at the door [OBS-COD-REGION].

    A region's cell is built from its COD parcels (delivered or refused); the secrecy rule applies to it as to
    every published cell [OBS-SECRECY], and when it hides a single region the smallest other one is hidden too.
    """
    rows = [dict(r) for r in cod_by_region(period, store=store)]
    secret = [secrecy and is_confidential(r["_cell"][0], r["_cell"][1], r["merchants"], r["_top"]) for r in rows]
    if secrecy and sum(secret) == 1 and len(rows) > 1:
        candidates = [i for i, s in enumerate(secret) if not s]
        secret[min(candidates, key=lambda i: rows[i]["_cell"][0])] = True
    out = []
    for r, s in zip(rows, secret, strict=True):
        r.pop("_top"), r.pop("_cell")
        if s:
            for f in ("operations", "cod_operations", "cod_refused", "cod_share_pct", "refusal_rate_pct"):
                r[f] = SUPPRESSED
        out.append(r)
    return {"period": period.code, "scope": _("Cash on delivery by buyer region: share of successful operations "
                                              "(all payment methods) and parcels refused at the door per COD parcel "
                                              "delivered or refused"),
            "regions": out, "suppressed_cells": sum(secret)}
