"""Money is Decimal MAD with 2 places, never a float; formatting follows the visitor's locale."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, parse_pattern
from django.conf import settings

from tijara.core.i18n import current_language

CENT = Decimal("0.01")
CURRENCY = "MAD"


def to_money(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def babel_locale(language: str | None = None) -> str:
    language = language or current_language()
    return settings.TIJARA_NUMBER_LOCALES.get(language, "fr_MA")


@lru_cache(maxsize=8)
def _money_format(locale_name: str) -> tuple[Locale, NumberPattern]:
    # Parsing the locale and the pattern costs more than formatting: do it once per locale.
    return Locale.parse(locale_name), parse_pattern("#,##0.00\xa0¤")


def format_mad(amount: Decimal, language: str | None = None) -> str:
    """'1 234,50 MAD' in French, the Arabic locale's own digits and symbol placement in Arabic."""
    locale, pattern = _money_format(babel_locale(language))
    return pattern.apply(to_money(amount), locale, currency=CURRENCY, currency_digits=True)


def format_percent(rate: Decimal, language: str | None = None) -> str:
    return format_decimal(rate.normalize(), format="#,##0.##", locale=babel_locale(language)) + " %"


@dataclass(frozen=True)
class VatSplit:
    """A TTC price split into its HT base and VAT amount (HT + VAT == TTC to the centime)."""

    ttc: Decimal
    ht: Decimal
    vat: Decimal
    rate: Decimal
    exempt: bool


def split_ttc(ttc: Decimal, rate_percent: Decimal, exempt: bool = False) -> VatSplit:
    ttc = to_money(ttc)
    ht = to_money(ttc * 100 / (100 + rate_percent))
    return VatSplit(ttc=ttc, ht=ht, vat=ttc - ht, rate=rate_percent, exempt=exempt)
