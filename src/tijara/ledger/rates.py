"""The commission rate in force for a merchant on a day, and the VAT on it.

The commission is a service the platform sells to the merchant: VAT at the normal rate in force on the day
of the sale applies to it [TAX-COMMISSION-VAT].
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q

from tijara.core.money import CENT
from tijara.core.vat import vat_rate_for
from tijara.ledger.models import CommissionRate


def default_commission_rate() -> Decimal:
    return Decimal(str(getattr(settings, "TIJARA_COMMISSION_RATE", "0.05")))


def commission_rate_for(merchant_id: int, on: dt.date) -> Decimal:
    """The merchant's own rate valid on `on`, else the platform default (TIJARA_COMMISSION_RATE)."""
    row = (
        CommissionRate.objects.filter(merchant_id=merchant_id, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from").values_list("rate", flat=True).first()
    )
    return row if row is not None else default_commission_rate()


def commission_vat_rate(on: dt.date) -> Decimal:
    """VAT percent on the commission: services are taxed at the normal ("standard") rate [TAX-COMMISSION-VAT]."""
    return vat_rate_for("standard", on).rate


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
