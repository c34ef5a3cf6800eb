"""A carrier's status file (CSV or XLSX) that updates many shipments at once.

Every row is read and checked first; the file is applied only when no row is in error, in one transaction
(all or nothing). Rows whose shipment already has that outcome are skipped, so the same file can be sent twice.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tijara.core.amounts import parse_amount
from tijara.fulfilment import conf, services
from tijara.fulfilment.models import Carrier, Shipment, ShipmentStatus

MAX_BYTES = 5 * 1024 * 1024
TRACKING_COLUMNS = ("tracking_number", "tracking", "numero_suivi", "suivi", "رقم_التتبع")
STATUS_COLUMNS = ("status", "statut", "الحالة")
AMOUNT_COLUMNS = ("cash_collected", "amount", "montant", "المبلغ")
NOTE_COLUMNS = ("note", "remarque", "ملاحظة")
# What carriers write, in French, English or Arabic, and the outcome it means.
STATUS_WORDS = {
    "delivered": ShipmentStatus.DELIVERED, "livre": ShipmentStatus.DELIVERED, "livré": ShipmentStatus.DELIVERED,
    "تم التسليم": ShipmentStatus.DELIVERED,
    "refused": ShipmentStatus.REFUSED, "refuse": ShipmentStatus.REFUSED, "refusé": ShipmentStatus.REFUSED,
    "مرفوض": ShipmentStatus.REFUSED,
    "returned": ShipmentStatus.RETURNED, "retourne": ShipmentStatus.RETURNED, "retourné": ShipmentStatus.RETURNED,
    "مرتجع": ShipmentStatus.RETURNED,
    "lost": ShipmentStatus.LOST, "perdu": ShipmentStatus.LOST, "مفقود": ShipmentStatus.LOST,
}


class StatusFileError(services.FulfilmentError):
    """The file as a whole cannot be read."""


@dataclass
class StatusRow:
    line: int
    tracking: str
    outcome: str = ""
    amount: Decimal | None = None
    note: str = ""
    error: str = ""
    skipped: bool = False
    shipment: Shipment | None = None


@dataclass
class StatusReport:
    rows: list[StatusRow] = field(default_factory=list)
    applied: int = 0

    @property
    def errors(self) -> list[StatusRow]:
        return [r for r in self.rows if r.error]

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.rows if r.skipped)


def _read(name: str, data: bytes) -> list[dict[str, str]]:
    """Rows as dicts keyed by the lower-case header; blank rows are dropped."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            table = [["" if c is None else (str(int(c)) if isinstance(c, float) and c.is_integer() else str(c))
                      for c in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    elif lower.endswith((".csv", ".txt")):
        text = data.decode("utf-8-sig")
        first = text.split("\n", 1)[0]
        table = list(csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ","))
    else:
        raise StatusFileError(_("Upload a .csv or .xlsx file."), "file")
    if not table:
        return []
    header = [h.strip().lower().replace(" ", "_") for h in table[0]]
    return [{h: v.strip() for h, v in zip(header, values, strict=False) if h}
            for values in table[1:] if any(v.strip() for v in values)]


def _pick(row: dict[str, str], names: tuple[str, ...]) -> str:
    return next((row[n] for n in names if row.get(n)), "")


def status_file_read(*, carrier: Carrier, name: str, data: bytes) -> StatusReport:
    """Check every row against the carrier's shipments of this merchant; writes nothing."""
    if len(data) > MAX_BYTES:
        raise StatusFileError(_("The file is too large (5 MB at most)."), "file")
    try:
        raw = _read(name, data)
    except StatusFileError:
        raise
    except UnicodeDecodeError as exc:
        raise StatusFileError(_("The CSV file must be encoded in UTF-8."), "file") from exc
    except Exception as exc:  # csv (cell over its limit) and openpyxl (damaged file) raise many types: refused, never a 500
        raise StatusFileError(_("This file cannot be read."), "file") from exc
    if len(raw) > conf.status_file_max_rows():
        raise StatusFileError(_("Too many rows: at most %(max)d per file.") % {"max": conf.status_file_max_rows()},
                              "file")
    if raw and not any(c in raw[0] for c in TRACKING_COLUMNS):
        raise StatusFileError(_("The file needs a tracking_number column and a status column."), "file")
    rows = []
    for i, values in enumerate(raw, start=2):
        rows.append(StatusRow(line=i, tracking="".join(_pick(values, TRACKING_COLUMNS).split()).upper()[:40],
                              note=_pick(values, NOTE_COLUMNS)[:255]))
        row, word, amount = rows[-1], _pick(values, STATUS_COLUMNS).strip().lower(), _pick(values, AMOUNT_COLUMNS)
        row.outcome = STATUS_WORDS.get(word, "")
        if not row.tracking:
            row.error = _("No tracking number.")
        elif not row.outcome:
            row.error = _("Unknown status “%(status)s”.") % {"status": word[:40]}
        elif amount:
            try:  # read like every amount field: "149,00" is 149.00, an ambiguous "1.234,5" is refused
                row.amount = parse_amount(amount)
                if row.amount < 0 or row.amount > Decimal("10000000"):
                    raise ValidationError("range")
            except ValidationError as exc:
                row.error = (exc.messages[0] if exc.code == "amount_ambiguous"
                             else _("Bad amount “%(amount)s”.") % {"amount": amount[:40]})
    found = {s.tracking_number: s for s in Shipment.objects.filter(
        merchant_id=carrier.merchant_id, carrier=carrier, tracking_number__in=[r.tracking for r in rows])
        .select_related("order")}
    seen: set[str] = set()
    for row in rows:
        if row.error:
            continue
        row.shipment = found.get(row.tracking)
        if row.shipment is None:
            row.error = _("No parcel of yours with this carrier has this tracking number.")
        elif row.tracking in seen:
            row.error = _("This tracking number appears twice in the file.")
        elif row.shipment.status == row.outcome:
            row.skipped = True
        elif row.shipment.status != ShipmentStatus.SHIPPED:
            row.error = _("This parcel is already “%(status)s”.") % {
                "status": ShipmentStatus(row.shipment.status).label}
        seen.add(row.tracking)
    return StatusReport(rows=rows)


def status_file_apply(*, carrier: Carrier, name: str, data: bytes, actor: AbstractBaseUser | None) -> StatusReport:
    """Apply a carrier's status file, all rows or none [COD-SHIPMENT]."""
    with transaction.atomic():
        report = status_file_read(carrier=carrier, name=name, data=data)
        if report.errors:
            transaction.set_rollback(True)
            return report
        for row in report.rows:
            if row.skipped:
                continue
            services.shipment_outcome(shipment=row.shipment, outcome=row.outcome, actor=actor,
                                      cash_collected=row.amount, note=row.note)
            report.applied += 1
    return report
