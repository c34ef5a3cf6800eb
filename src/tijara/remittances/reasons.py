"""Each row verdict and each failure said in words, in the reader's language (pages and API alike)."""

from django.utils.translation import gettext as _

from tijara.core.money import format_mad
from tijara.remittances.models import RemittanceImport, RemittanceRow, Verdict

PROBLEMS = {
    "reference": lambda: _("No tracking or order number."),
    "amount": lambda: _("The amount cannot be read (a positive number of dirhams, at most 2 decimals)."),
    "fee": lambda: _("The fee cannot be read (a positive number of dirhams, at most 2 decimals)."),
    "paid_on": lambda: _("The date cannot be read (use 2026-03-31 or 31/03/2026)."),
    "fee_above_amount": lambda: _("The fee is larger than the amount collected."),
}


def row_reason(row: RemittanceRow) -> str:
    verdict = row.verdict
    if verdict == Verdict.BAD_ROW:
        return PROBLEMS.get(row.problem, PROBLEMS["amount"])()
    if verdict == Verdict.WRONG_AMOUNT:
        return _("The file says %(amount)s, the parcel collected %(expected)s.") % {
            "amount": format_mad(row.amount), "expected": format_mad(row.expected)}
    if verdict == Verdict.DUPLICATE:
        return _("Same parcel as line %(line)s.") % {"line": row.first_line}
    return {
        Verdict.MATCH: lambda: _("Delivered parcel, same amount."),
        Verdict.UNKNOWN: lambda: _("No parcel or order of yours has this number."),
        Verdict.OTHER_MERCHANT: lambda: _("This order belongs to another store."),
        Verdict.OTHER_CARRIER: lambda: _("This parcel was shipped with another carrier."),
        Verdict.NOT_DELIVERED: lambda: _("This parcel is not marked delivered."),
        Verdict.ALREADY_RECONCILED: lambda: _("Its cash was already received in an earlier import."),
    }.get(verdict, lambda: "")()


def failure_reason(batch: RemittanceImport) -> str:
    """Why an accepted import was not applied (nothing of it was)."""
    if batch.failure == Verdict.ALREADY_RECONCILED:
        if batch.failure_line:
            return _("Nothing was applied: the parcel of line %(line)s was received meanwhile by another import.") % {
                "line": batch.failure_line}
        return _("Nothing was applied: a parcel of this file was received meanwhile by another import.")
    return _("Nothing was applied: line %(line)s no longer matches its parcel (%(verdict)s).") % {
        "line": batch.failure_line, "verdict": Verdict(batch.failure).label if batch.failure in Verdict.values else ""}
