"""Reading a carrier's remittance file (CSV or XLSX) into plain rows; nothing here touches the database.

Columns (header names in French or English, any case): the parcel's tracking number or the order number,
the amount collected, the carrier's fee (optional, 0 when absent) and the remittance date. A column we do
not know rejects the file with its name [COD-REMIT-PREVIEW]: guessing what it means could count cash wrongly.
A row whose amount, fee or date cannot be read is kept and flagged with the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from tijara.core.errors import DomainError

COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "tracking", "tracking_number", "suivi", "numero_suivi", "numero_de_suivi", "colis",
                  "n_suivi", "n_de_suivi", "no_suivi", "n_commande", "n_de_commande",
                  "order", "order_number", "commande", "numero_commande", "numero_de_commande"),
    "amount": ("amount", "amount_collected", "collected", "montant", "montant_encaisse", "encaisse", "cod"),
    "fee": ("fee", "fees", "frais", "frais_livraison", "commission"),
    "paid_on": ("date", "paid_on", "remitted_on", "date_versement", "date_de_versement", "versement"),
}
REQUIRED = ("reference", "amount", "paid_on")
ALIASES = {alias: column for column, names in COLUMNS.items() for alias in names}
MAX_AMOUNT = Decimal("10000000")
PROBLEMS = {"reference", "amount", "fee", "paid_on", "fee_above_amount"}


class RemittanceFileError(DomainError):
    """The file as a whole cannot be used: nothing is imported."""


@dataclass
class ParsedRow:
    line: int
    reference: str
    amount: Decimal | None
    fee: Decimal | None
    paid_on: dt.date | None
    problem: str = ""  # "", or which field is unreadable (one of PROBLEMS)


def max_rows() -> int:
    return int(getattr(settings, "TIJARA_REMITTANCE_MAX_ROWS", 20_000))


def _key(header: object) -> str:
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode().strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def read_remittance(*, name: str, data: bytes) -> list[ParsedRow]:
    """Every data row of the file with its line number; blank rows are skipped but keep their line."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        table = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt")):
        table = _csv_rows(data)
    else:
        raise RemittanceFileError(_("Upload a .csv or .xlsx file."), "file")
    try:
        header = next(table)
    except StopIteration as exc:
        raise RemittanceFileError(_("The file is empty."), "file") from exc
    except csv.Error as exc:
        raise RemittanceFileError(_("The file is not a readable CSV file."), "file") from exc
    positions = _columns(header)
    rows: list[ParsedRow] = []
    try:
        for line, values in enumerate(table, start=2):
            if not any(str(v).strip() for v in values if v is not None):
                continue
            rows.append(_row(line, values, positions))
            if len(rows) > max_rows():
                raise RemittanceFileError(_("Too many rows: at most %(max)d per file.") % {"max": max_rows()}, "file")
    except csv.Error as exc:
        raise RemittanceFileError(_("The file is not a readable CSV file."), "file") from exc
    if not rows:
        raise RemittanceFileError(_("The file has no data rows."), "file")
    return rows


def _columns(header: list) -> dict[str, int]:
    positions: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        key = _key(title)
        if not key:
            continue
        column = ALIASES.get(key)
        if column is None:
            unknown.append(str(title).strip()[:40])
        elif column in positions:
            raise RemittanceFileError(_("Two columns give the same information: %(column)s.") % {"column": title},
                                      "file")
        else:
            positions[column] = index
    if unknown:
        raise RemittanceFileError(
            _("Unknown columns: %(columns)s. Use tracking or order number, amount, fee and date.")
            % {"columns": ", ".join(unknown)}, "file")
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        labels = {"reference": _("tracking or order number"), "amount": _("amount"), "paid_on": _("date")}
        raise RemittanceFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(labels[m] for m in missing)},
                                  "file")
    return positions


def _cell(values: list, index: int | None) -> object:
    if index is None or index >= len(values):
        return None
    return values[index]


def _row(line: int, values: list, positions: dict[str, int]) -> ParsedRow:
    reference = str(_cell(values, positions["reference"]) or "").strip()
    if isinstance(_cell(values, positions["reference"]), float):
        reference = f"{_cell(values, positions['reference']):.0f}"
    amount = parse_amount(_cell(values, positions["amount"]))
    fee_cell = _cell(values, positions.get("fee"))
    fee = Decimal("0.00") if fee_cell in (None, "") else parse_amount(fee_cell)
    paid_on = parse_date(_cell(values, positions["paid_on"]))
    problem = ""
    if not reference or len(reference) > 64:
        problem = "reference"
    elif amount is None:
        problem = "amount"
    elif fee is None:
        problem = "fee"
    elif paid_on is None:
        problem = "paid_on"
    elif fee > amount:
        problem = "fee_above_amount"
    return ParsedRow(line, reference[:64], amount, fee, paid_on, problem)


_SPACES = re.compile(r"[\s\u00a0\u202f']")
_AMOUNT = re.compile(r"\d{1,10}(\.\d{1,2})?")


def parse_amount(value: object) -> Decimal | None:
    """An amount in dirhams: "1 234,50", "1234.50", "1,234.50 MAD"; None when it is not one (or negative)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return None
        if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
            return None
    else:
        text = _SPACES.sub("", str(value)).upper()
        for unit in ("MAD", "DHS", "DH"):
            text = text.removesuffix(unit)
        if "," in text and "." in text:  # the last of the two is the decimal mark
            text = (text.replace(",", "") if text.rfind(".") > text.rfind(",")
                    else text.replace(".", "").replace(",", "."))
        elif "," in text:
            text = text.replace(",", ".")
        if not _AMOUNT.fullmatch(text):
            return None
        amount = Decimal(text)
    amount = amount.quantize(Decimal("0.01"))
    if amount < 0 or amount >= MAX_AMOUNT:
        return None
    return amount


def parse_date(value: object) -> dt.date | None:
    """A date as a carrier writes it: 2026-03-31, 31/03/2026, 31-03-2026, or an XLSX date cell."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()[:10]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day if day.year >= 2000 else None
    return None


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RemittanceFileError(_("The CSV file must be encoded in UTF-8."), "file") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    except Exception as exc:  # openpyxl raises many types for a damaged or non-XLSX file
        raise RemittanceFileError(_("This file is not a readable XLSX workbook."), "file") from exc
    return iter(rows)
