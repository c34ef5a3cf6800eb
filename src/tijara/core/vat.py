"""The one way to read a VAT rate: by product class and date [TAX-VAT-RATES]."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from tijara.core.models import VatRate


class VatRateMissing(LookupError):
    pass


@dataclass(frozen=True)
class RateInForce:
    vat_class: str
    rate: Decimal
    exempt: bool
    valid_from: dt.date


def vat_rate_for(vat_class: str, on: dt.date | None = None) -> RateInForce:
    """The rate in force for `vat_class` on date `on` (today in Casablanca by default)."""
    on = on or timezone.localdate()
    row = (
        VatRate.objects.filter(vat_class=vat_class, valid_from__lte=on)
        .order_by("-valid_from")
        .only("vat_class", "rate", "exempt", "valid_from")
        .first()
    )
    if row is None:
        raise VatRateMissing(f"no VAT rate for class {vat_class!r} on {on}")
    return RateInForce(row.vat_class, row.rate, row.exempt, row.valid_from)


# Initial table, loaded by a data migration. Later finance laws add rows, never edit these.
INITIAL_RATES = [
    ("standard", "2011-01-01", "20.00", False, "CGI art. 98"),
    ("reduced_14", "2011-01-01", "14.00", False, "CGI art. 99"),
    ("reduced_10", "2011-01-01", "10.00", False, "CGI art. 99"),
    ("reduced_7", "2011-01-01", "7.00", False, "CGI art. 99"),
    ("zero", "2011-01-01", "0.00", False, "CGI art. 92 (taxed at 0 %)"),
    ("exempt", "2011-01-01", "0.00", True, "CGI art. 91 (exonéré)"),
]
