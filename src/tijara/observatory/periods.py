"""Reporting periods: 2017, 2017-H1, 2017-Q3, 2017-09M (January to September) and 2017-03."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import ObservatoryInputError

_PATTERNS = [
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-H([12])$", re.I), "half"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.I), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})M$", re.I), "ytd"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
]


@dataclass(frozen=True)
class Period:
    kind: str  # year, half, quarter, ytd, month
    year: int
    first_month: int
    last_month: int

    @property
    def code(self) -> str:
        return {
            "year": f"{self.year}",
            "half": f"{self.year}-H{(self.first_month + 5) // 6}",
            "quarter": f"{self.year}-Q{(self.first_month + 2) // 3}",
            "ytd": f"{self.year}-{self.last_month:02d}M",
            "month": f"{self.year}-{self.first_month:02d}",
        }[self.kind]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    def months(self) -> list[str]:
        return [f"{self.year:04d}-{m:02d}" for m in range(self.first_month, self.last_month + 1)]

    def previous_year(self) -> Period:
        """The same period a year earlier (base of the year-on-year growth)."""
        return Period(self.kind, self.year - 1, self.first_month, self.last_month)

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    """Parse a period code; raise ObservatoryInputError with the accepted forms otherwise."""
    value = (text or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        year, n = int(match.group(1)), int(match.group(2)) if match.lastindex == 2 else 0
        if not 2000 <= year <= 2100:
            break
        if kind == "year":
            return Period(kind, year, 1, 12)
        if kind == "half":
            return Period(kind, year, 6 * n - 5, 6 * n)
        if kind == "quarter":
            return Period(kind, year, 3 * n - 2, 3 * n)
        if not 1 <= n <= 12:
            break
        if kind == "ytd":
            return Period(kind, year, 1, n)
        return Period(kind, year, n, n)
    raise ObservatoryInputError(
        _("Unknown period “%(value)s”: use YYYY, YYYY-H1, YYYY-Q3, YYYY-09M (year to date) or YYYY-MM.")
        % {"value": value[:20]},
        "period",
    )
