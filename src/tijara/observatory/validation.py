"""Row checks for facts from other platforms (CSV) and from tijara's own payments.

Every problem is reported with its line and column; a file with any bad row is rejected whole.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from .reference import METHODS, SECTORS, STATUSES
from .schema import CSV_COLUMNS

LOCAL_TZ = ZoneInfo("Africa/Casablanca")
MAX_REPORTED_ERRORS = 1000
MAX_AMOUNT = Decimal("9999999999999999.99")
RESERVED_PLATFORMS = {"generator", "tijara"}

_ID = re.compile(r"^[A-Za-z0-9_.:/-]{1,64}$")
_PSEUDONYM = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_PHONE_LIKE = re.compile(r"^\+?\d{9,15}$")
_PLATFORM = re.compile(r"^[a-z0-9][a-z0-9_-]{1,31}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


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
    """The CSV header must hold exactly the schema's columns (any order)."""
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


def parse_row(raw: dict[str, str], line: int, report: IngestionReport) -> dict | None:
    """Parse and check one CSV row; returns typed values, or None after adding its errors."""
    before = report.error_count
    v: dict = {}

    def err(col, message):
        report.add(line, col, raw.get(col), message)

    def text(col) -> str:
        return (raw.get(col) or "").strip()

    v["transaction_id"] = text("transaction_id")
    if not _ID.match(v["transaction_id"]):
        err("transaction_id", "must be 1-64 characters among letters, digits and _ . : / -")
    ts = text("ts")
    try:
        parsed = dt.datetime.fromisoformat(ts)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(LOCAL_TZ).replace(tzinfo=None)
        v["ts"] = parsed
    except ValueError:
        err("ts", "not an ISO 8601 date-time (e.g. 2023-05-14T21:04:00+01:00)")
    v["reporting_platform"] = text("reporting_platform")
    if not _PLATFORM.match(v["reporting_platform"]):
        err("reporting_platform", "must be 2-32 characters among lower-case letters, digits, _ and -")
    elif v["reporting_platform"] in RESERVED_PLATFORMS:
        err("reporting_platform", "this platform code is reserved")
    v["merchant_ref"] = text("merchant_id")
    if not _PSEUDONYM.match(v["merchant_ref"]):
        err("merchant_id", "must be a pseudonym of 1-64 characters among letters, digits and _ . : -")
    elif _PHONE_LIKE.match(v["merchant_ref"]):
        err("merchant_id", "looks like a phone number: send a pseudonym, never personal data")
    v["merchant_region"] = _int_in(text("merchant_region"), 1, 12)
    if v["merchant_region"] is None:
        err("merchant_region", "unknown region: use a code from 1 to 12")
    v["merchant_sector"] = text("merchant_sector")
    if v["merchant_sector"] not in SECTORS:
        err("merchant_sector", f"unknown sector: use one of {', '.join(SECTORS)}")
    try:
        v["merchant_validated_on"] = dt.date.fromisoformat(text("merchant_validated_on"))
    except ValueError:
        err("merchant_validated_on", "not an ISO date (YYYY-MM-DD)")
    v["amount_mad"] = _amount(text("amount_mad"))
    if isinstance(v["amount_mad"], str):
        err("amount_mad", v.pop("amount_mad"))
    v["original_currency"] = text("original_currency")
    if not _CURRENCY.match(v["original_currency"]):
        err("original_currency", "must be an ISO 4217 code such as MAD or EUR")
    v["payment_method"] = text("payment_method")
    if v["payment_method"] not in METHODS:
        err("payment_method", f"unknown payment method: use one of {', '.join(METHODS)}")
    v["status"] = text("status")
    if v["status"] not in STATUSES:
        err("status", f"unknown status: use one of {', '.join(STATUSES)}")
    v["buyer_country"] = text("buyer_country")
    if not _COUNTRY.match(v["buyer_country"]):
        err("buyer_country", "must be an ISO 3166 alpha-2 code such as MA or FR")
    region = text("buyer_region")
    v["buyer_region"] = _int_in(region, 1, 12) if region else None
    if region and v["buyer_region"] is None:
        err("buyer_region", "unknown region: use a code from 1 to 12, or leave empty for buyers abroad")
    cross = text("cross_border").lower()
    if cross not in ("true", "false", "1", "0"):
        err("cross_border", "must be true or false")
    v["cross_border"] = cross in ("true", "1")
    if report.error_count == before:
        for col, message in check_fact(v):
            err(col, message)
    return v if report.error_count == before else None


def check_fact(v: dict) -> list[tuple[str, str]]:
    """Rules across fields, shared by CSV rows and tijara's own payment records."""
    problems = []
    if v["ts"].year < 2000 or v["ts"] > dt.datetime.now(LOCAL_TZ).replace(tzinfo=None) + dt.timedelta(days=1):
        problems.append(("ts", "date out of range (before 2000 or in the future)"))
    if v["merchant_validated_on"] > v["ts"].date():
        problems.append(("merchant_validated_on", "merchant validated after the transaction"))
    abroad = v["buyer_country"] != "MA"
    if abroad and v["buyer_region"] is not None:
        problems.append(("buyer_region", "must be empty for a buyer abroad"))
    if not abroad and v["buyer_region"] is None:
        problems.append(("buyer_region", "required for a buyer in Morocco (code 1-12)"))
    if v["cross_border"] != abroad:
        problems.append(("cross_border", "must be true exactly when buyer_country is not MA"))
    return problems


def _int_in(value: str, lo: int, hi: int) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if lo <= n <= hi else None


def _amount(value: str) -> Decimal | str:
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError):
        return "not a decimal number (use a dot: 1234.50)"
    if not amount.is_finite():
        return "not a decimal number (use a dot: 1234.50)"
    if amount <= 0:
        return "amount must be positive (a refund is reported with status=refunded, not a negative amount)"
    if amount != amount.quantize(Decimal("0.01")):
        return "at most 2 decimal places"
    if amount > MAX_AMOUNT:
        return "amount too large"
    return amount.quantize(Decimal("0.01"))
