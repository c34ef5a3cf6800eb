"""The calibration series: card operations and amounts the generator must reproduce.

Scope of the series: card payments (Moroccan and foreign cards) on CMI-affiliated merchant and
biller sites, successful operations, Morocco [OBS-SERIES]. Where published sources disagree one
consistent series is kept; every choice, and the source behind each code (S14, S34–S45), is listed in
docs/decisions/0003-observatory-calibration.md.
The published figures are the anchors; quarters and months in between are spread by seasonality,
with exact integer arithmetic so that recomputing a published period gives back the anchor.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from . import conf
from .reference import eid_dates, ramadan_periods

FIRST_YEAR = 2011
LAST_PUBLISHED = dt.date(2023, 9, 30)  # 9M 2023 is the last published CMI figure

D = Decimal


@dataclass(frozen=True)
class YearAnchor:
    """One year of the card series; amounts in MAD, counts in operations."""

    year: int
    ops: Decimal
    amount: Decimal
    foreign_ops_share: Decimal
    foreign_amount_share: Decimal
    active_merchants: int
    validated_merchants: int  # cumulative at year end
    status: str
    note: str
    h1_ops: Decimal | None = None
    h1_amount: Decimal | None = None
    m9_ops: Decimal | None = None
    m9_amount: Decimal | None = None
    sources: tuple[str, ...] = field(default_factory=tuple)


# Derivations (all numbers published; sources in docs/decisions/0003-observatory-calibration.md):
# 2022 = 28.1 M / 9.58 bn (9.6 bn; Moroccan 26.8 M / 8.64 bn + foreign 1.3 M / 0.94 bn).
# 2021 = 2022 / (1.356, 1.243); 2020 = 2021 / (1.45, 1.28); H1 2020 = H1 2021 / (1.555, 1.318).
# 9M 2022 = 9M 2023 / (1.234, 1.236); 2023 Q4 = 2022 Q4 x (1.234, 1.236) (extrapolated).
# 2017 = 6.6 M / 2.63 bn; 2016 = 2017 / (1.842, 1.523); H1 2016 = H1 2017 / (1.817, 1.523).
# 2018 = 2017 x 1.254 ops; 2018 amount = 2019 amount / 1.467; 2019 ops = 2018 x 1.182.
_OPS_2022, _AMT_2022 = D(28_100_000), D(9_580_000_000)
_OPS_2021, _AMT_2021 = _OPS_2022 / D("1.356"), _AMT_2022 / D("1.243")
_OPS_2017, _AMT_2017 = D(6_600_000), D(2_630_000_000)
_OPS_2018 = _OPS_2017 * D("1.254")
_AMT_2019 = D(4_800_000_000)
_AMT_2018 = _AMT_2019 / D("1.467")
_M9_OPS_2022, _M9_AMT_2022 = D(25_200_000) / D("1.234"), D(8_700_000_000) / D("1.236")
_OPS_2023 = D(25_200_000) + (_OPS_2022 - _M9_OPS_2022) * D("1.234")
_AMT_2023 = D(8_700_000_000) + (_AMT_2022 - _M9_AMT_2022) * D("1.236")

ANCHORS: dict[int, YearAnchor] = {
    a.year: a
    for a in [
        YearAnchor(2011, D(670_000), D(507_400_000), D("0.054"), D("0.08"), 220, 900, "published",
                   "CMI 2011", sources=("S34",)),
        YearAnchor(2012, D(1_200_000), D(752_300_000), D("0.054"), D("0.08"), 280, 1_200, "published",
                   "CMI 2012, Moroccan cards 94.6 %", sources=("S34",)),
        YearAnchor(2013, (D(1_200_000) * D(1_940_000)).sqrt(), (D(752_300_000) * D(1_043_720_000)).sqrt(),
                   D("0.047"), D("0.08"), 350, 1_500, "interpolated", "no figure: geometric mean of 2012 and 2014"),
        YearAnchor(2014, D(1_940_000), D(1_940_000) * 538, D("0.040"), D("0.08"), 420, 1_800, "published",
                   "CMI 2014, amount = 1.94 M x basket 538 MAD", sources=("S35",)),
        YearAnchor(2015, D(1_800_000), D(893_200_000), D("0.033"), D("0.08"), 500, 2_150, "published",
                   "S14", sources=("S14",)),
        YearAnchor(2016, _OPS_2017 / D("1.842"), _AMT_2017 / D("1.523"), D("0.025"), D("0.08"), 661, 2_500,
                   "derived", "from the 2017 growth rates (+84.2 % / +52.3 %); S14's 2.5 M / 1.2 bn not used",
                   h1_ops=D(3_100_000) / D("1.817"), h1_amount=D(1_300_000_000) / D("1.523"),
                   sources=("S35", "S36")),
        YearAnchor(2017, _OPS_2017, _AMT_2017, D("0.018"), D("0.08"), 803, 3_600, "published",
                   "H1 3.1 M / 1.3 bn, 9M 2.0 bn, year 6.6 M / 2.63 bn, Moroccan cards 98.2 %",
                   h1_ops=D(3_100_000), h1_amount=D(1_300_000_000), m9_amount=D(1_970_000_000),
                   sources=("S36", "S37")),
        YearAnchor(2018, _OPS_2018, _AMT_2018, D("0.020"), D("0.08"), 945, 4_300, "published",
                   "8.3 M / 3.27 bn (+25.4 % / +24.4 %), Moroccan 98 % / 92 %, 945 active sites",
                   sources=("S38",)),
        YearAnchor(2019, _OPS_2018 * D("1.182"), _AMT_2019, D("0.038"), D("0.085"), 1_450, 5_000, "published",
                   "9.8 M / 4.8 bn (+18.2 % / +46.7 %), Moroccan 96.2 % / 91.5 %", sources=("S39",)),
        YearAnchor(2020, _OPS_2021 / D("1.45"), _AMT_2021 / D("1.28"), D("0.038"), D("0.0715"), 2_050, 6_500,
                   "derived", "from the 2021 growth rates (+45 % / +28 %)",
                   h1_ops=D(9_400_000) / D("1.555"), h1_amount=D(3_800_000_000) / D("1.318"), sources=("S40", "S42")),
        YearAnchor(2021, _OPS_2021, _AMT_2021, D("0.038"), D("0.058"), 2_300, 7_600, "published",
                   "20.7 M / 7.7 bn, H1 9.4 M / 3.8 bn, Moroccan 96.2 % / 94.2 %",
                   h1_ops=D(9_400_000), h1_amount=D(3_800_000_000), sources=("S41", "S42")),
        YearAnchor(2022, _OPS_2022, _AMT_2022, D(1_300_000) / _OPS_2022, D(940_000_000) / _AMT_2022, 2_500, 8_600,
                   "published", "28.1 M / 9.6 bn (+35.6 % / +24.3 %), foreign 1.3 M / 940 M, 2,500 sites",
                   m9_ops=_M9_OPS_2022, m9_amount=_M9_AMT_2022, sources=("S43", "S44")),
        YearAnchor(2023, _OPS_2023, _AMT_2023, D("0.057"), D("0.133"), 2_900, 9_700, "published",
                   "9M 25.2 M / 8.7 bn (+23.4 % / +23.6 %), Moroccan 94.3 % / 86.7 %; Q4 extrapolated",
                   m9_ops=D(25_200_000), m9_amount=D(8_700_000_000), sources=("S45",)),
    ]
}

H1_SHARE = D("0.46")  # [I] default half-year split when none is published
Q1_IN_H1 = D("0.48")
Q3_IN_H2 = D("0.47")
MONTH_FACTOR = {1: 0.95, 2: 0.95, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.0, 7: 1.05, 8: 1.05, 9: 1.05, 10: 1.0,
                11: 1.12, 12: 1.22}  # [I] summer diaspora, back to school, Black Friday, year end


def _int(x: Decimal) -> int:
    return int(x.quantize(D(1), rounding=ROUND_HALF_UP))


@cache
def anchor(year: int) -> YearAnchor:
    """Anchor of a year; after 2023 extrapolated from the last year with conf.extrapolation_growth()."""
    if year < FIRST_YEAR:
        raise ValueError(f"no calibration before {FIRST_YEAR}")
    if year in ANCHORS:
        return ANCHORS[year]
    prev = anchor(year - 1)
    g_ops, g_amt = conf.extrapolation_growth()
    return YearAnchor(
        year, prev.ops * (1 + g_ops), prev.amount * (1 + g_amt), prev.foreign_ops_share, prev.foreign_amount_share,
        int(prev.active_merchants * 1.15), int(prev.validated_merchants * 1.12), "extrapolated",
        f"extrapolated from {year - 1} at +{g_ops * 100:.1f} % / +{g_amt * 100:.1f} %",
    )


def month_status(year: int, month: int) -> str:
    """published / derived / interpolated / extrapolated, for scope labels."""
    if dt.date(year, month, 1) > LAST_PUBLISHED:
        return "extrapolated"
    return anchor(year).status


def _split(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of an integer: the parts add up to the total exactly."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [int(r) for r in raw]
    rest = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[:rest]:
        parts[i] += 1
    return parts


def _quarters(total: int, h1: int | None, m9: int | None) -> list[int]:
    h1 = h1 if h1 is not None else _int(total * H1_SHARE)
    q1 = _int(h1 * Q1_IN_H1)
    q3 = (m9 - h1) if m9 is not None else _int((total - h1) * Q3_IN_H2)
    return [q1, h1 - q1, q3, total - h1 - q3]


def month_weight(year: int, month: int) -> float:
    """Relative size of a month inside its quarter: days, month factor, Ramadan and Eid."""
    days = calendar.monthrange(year, month)[1]
    first, last = dt.date(year, month, 1), dt.date(year, month, days)
    ramadan_days = 0
    for start, end in ramadan_periods():
        lo, hi = max(start, first), min(end, last)
        if lo <= hi:
            ramadan_days += (hi - lo).days + 1
    eid = sum(1 for d in eid_dates() if first <= d + dt.timedelta(days=5) <= last)
    return days * MONTH_FACTOR[month] * (1 + 0.15 * ramadan_days / days + 0.06 * eid) * (1.015 ** month)


@dataclass(frozen=True)
class MonthTarget:
    year: int
    month: int
    ops: dict[str, int]  # by card origin: "moroccan", "foreign"
    cents: dict[str, int]


@cache
def month_targets(year: int, scale: float = 1.0) -> tuple[MonthTarget, ...]:
    """Exact card targets per month and card origin, at a scale (1.0 = national volume)."""
    a = anchor(year)
    sc = D(str(scale))
    tot_ops = _int(a.ops * sc)
    tot_cents = _int(a.amount * sc * 100)
    h1o = _int(a.h1_ops * sc) if a.h1_ops is not None else None
    h1c = _int(a.h1_amount * sc * 100) if a.h1_amount is not None else None
    m9o = _int(a.m9_ops * sc) if a.m9_ops is not None else None
    m9c = _int(a.m9_amount * sc * 100) if a.m9_amount is not None else None
    q_ops, q_cents = _quarters(tot_ops, h1o, m9o), _quarters(tot_cents, h1c, m9c)
    out = []
    for q in range(4):
        months = [3 * q + 1, 3 * q + 2, 3 * q + 3]
        weights = [month_weight(year, m) for m in months]
        f_ops = _int(q_ops[q] * a.foreign_ops_share)
        f_cents = _int(q_cents[q] * a.foreign_amount_share)
        parts = {
            ("moroccan", "ops"): _split(q_ops[q] - f_ops, weights),
            ("foreign", "ops"): _split(f_ops, weights),
            ("moroccan", "cents"): _split(q_cents[q] - f_cents, weights),
            ("foreign", "cents"): _split(f_cents, weights),
        }
        for i, m in enumerate(months):
            out.append(MonthTarget(
                year, m,
                {o: parts[(o, "ops")][i] for o in ("moroccan", "foreign")},
                {o: parts[(o, "cents")][i] for o in ("moroccan", "foreign")},
            ))
    return tuple(out)
