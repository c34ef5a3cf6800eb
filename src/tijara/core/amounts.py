"""Amounts of money as people type them: one normaliser for every form and import that takes a price.

A Moroccan merchant writes "149,00", "149.00", "1 490,50" or "149 DH". A browser's number input would read
"149,00" as 14900 in an English locale (the comma taken for a thousands separator), so price fields are text
inputs and the server alone decides, with one rule:
- spaces (also non-breaking ones) are thousands separators and are dropped, so are a "MAD"/"DH"/"DHS" unit;
- one comma or one dot is the decimal mark when 0 to 2 digits follow it ("149,00" → 149.00, "12.5" → 12.50);
- anything that could be read two ways is refused with a clear message, never guessed: both a comma and a
  dot ("1.234,5"), two marks ("1.234.567"), or three digits after the mark ("1.234" — a thousand or one
  dirham?).
Eastern Arabic digits and the Arabic decimal separator are accepted on the Arabic interface.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "0123456789" * 2 + ".")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u066c']")  # the Arabic thousands separator is a grouping mark too
_UNITS = re.compile(r"(?:MAD|DHS|DH|د\.م\.?|درهم)$", re.IGNORECASE)
_SHAPE = re.compile(r"(-?)([0-9]{1,13})(?:[.,]([0-9]{0,2}))?", re.ASCII)
MAX_TYPED = 40  # longer than any amount once spaces are counted: refused before any work


def parse_amount(raw: object) -> Decimal:
    """The amount as a Decimal with 2 places, or a ValidationError (code "amount") in the user's language."""
    if isinstance(raw, bool) or isinstance(raw, float):
        raise ValidationError(_("Enter an amount such as 149,00."), code="amount")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
        if not value.is_finite() or value != value.quantize(Decimal("0.01")):
            raise ValidationError(_("An amount has at most 2 digits after the decimal comma."), code="amount")
        return value.quantize(Decimal("0.01"))
    text = str(raw or "")
    if len(text) > MAX_TYPED:
        raise ValidationError(_("Enter an amount such as 149,00."), code="amount")
    text = _UNITS.sub("", _SPACES.sub("", text.translate(_DIGITS)))
    if not text:
        raise ValidationError(_("Enter an amount such as 149,00."), code="amount")
    if ("," in text and "." in text) or text.count(",") + text.count(".") > 1:
        raise ValidationError(
            _("“%(value)s” can be read in two ways. Write the amount without a thousands separator, with a "
              "comma before the cents: for example 1234,50.") % {"value": str(raw).strip()[:MAX_TYPED]},
            code="amount_ambiguous")
    match = _SHAPE.fullmatch(text)
    if match is None:
        if re.fullmatch(r"-?[0-9]+[.,][0-9]{3}", text, re.ASCII):
            raise ValidationError(
                _("“%(value)s” can be read in two ways (a thousand, or 3 decimals?). Write 1234 for a thousand "
                  "two hundred and thirty-four dirhams, or 1,23 with at most 2 digits after the comma.")
                % {"value": str(raw).strip()[:MAX_TYPED]}, code="amount_ambiguous")
        if re.fullmatch(r"-?[0-9]+[.,][0-9]{4,}", text, re.ASCII):
            raise ValidationError(_("An amount has at most 2 digits after the decimal comma."), code="amount")
        raise ValidationError(_("Enter an amount such as 149,00."), code="amount")
    sign, units, cents = match.groups()
    try:
        value = Decimal(f"{sign}{units}.{(cents or '').ljust(2, '0')}")
    except InvalidOperation as exc:  # pragma: no cover - the pattern only lets digits through
        raise ValidationError(_("Enter an amount such as 149,00."), code="amount") from exc
    return value


class AmountField(forms.DecimalField):
    """A price or amount field: a text input (never the browser's number parsing), read by `parse_amount`."""

    widget = forms.TextInput
    default_error_messages = {"invalid": gettext_lazy("Enter an amount such as 149,00.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "dir": "ltr", "autocomplete": "off", "size": "12"})
        self.widget.attrs.pop("step", None)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_amount(value)
