"""The rejection report and the header check (row checks are SQL, in checks.py).

Every problem is reported with its line and column; a file with any bad row is rejected whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from .schema import CSV_COLUMNS

LOCAL_TZ = ZoneInfo("Africa/Casablanca")
MAX_REPORTED_ERRORS = 1000
MAX_AMOUNT = Decimal("9999999999999999.99")
RESERVED_PLATFORMS = {"generator", "tijara"}



@dataclass
class RowError:
    line: int
    column: str | None
    value: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class IngestionReport:
    """Why a file was rejected, row by row (first MAX_REPORTED_ERRORS problems, and the total)."""

    source: str
    rows_read: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def add(self, line: int, column: str | None, value, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            text = "" if value is None else str(value)
            self.errors.append(RowError(line, column, text[:60], message))

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> str:
        return (f"{self.source}: rejected, {self.error_count} problem(s) in {self.rows_read} row(s); "
                f"nothing was loaded")

    def as_text(self) -> str:
        lines = [self.summary()]
        for e in self.errors:
            where = f"line {e.line}" + (f", column {e.column}" if e.column else "")
            lines.append(f"  {where}: {e.message}" + (f" (value: {e.value!r})" if e.value else ""))
        if self.error_count > len(self.errors):
            lines.append(f"  ... and {self.error_count - len(self.errors)} more")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"source": self.source, "rows_read": self.rows_read, "error_count": self.error_count,
                "errors": [e.as_dict() for e in self.errors]}


def check_header(header: list[str] | None, report: IngestionReport) -> bool:
    """The CSV header must hold exactly the schema's columns (any order): no room for personal data
    [DP-OBS-PSEUDONYM]."""
    if not header:
        report.add(1, None, None, "the file is empty: a header row with the schema's columns is required")
        return False
    names = [h.strip() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in names]
    extra = [c for c in names if c not in CSV_COLUMNS]
    dupes = sorted({c for c in names if names.count(c) > 1})
    for c in missing:
        report.add(1, c, None, "missing column")
    for c in extra:
        report.add(1, c, c, "unexpected column: the fact schema has no such column (and never personal data)")
    for c in dupes:
        report.add(1, c, c, "column given twice")
    return not (missing or extra or dupes)
