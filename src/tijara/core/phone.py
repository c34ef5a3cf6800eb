"""Moroccan phone numbers: one rule for every form and the API [REF-PHONE].

The ANRT numbering plan is closed: nationally a 0 and a 9-digit number, internationally 212 and the same
9 digits. National numbers starting with 5 are fixed lines, 6 and 7 mobiles, 8 special services
(free-phone and shared-cost lines). Every number is stored as "+212" followed by the 9 digits, whatever
shape it was typed in.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Customers on the Arabic interface may type Eastern Arabic digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_SEPARATORS = re.compile(r"[\s.\-/()]")
# "0612345678", "+212612345678", "00212612345678", "212612345678", and "+212 (0)6…" (the trunk 0 kept).
_SHAPE = re.compile(r"(?:0|(?:\+|00)?2120?)([0-9]{9})", re.ASCII)
_PERSONAL = "567"  # fixed lines and mobiles: a person answers
_SPECIAL_SERVICES = "8"


def normalize_phone(raw: str, *, allow_special_services: bool = False) -> str:
    """The number as "+212" and 9 digits, or a ValidationError in the user's language.

    A customer's delivery phone must reach the person the courier calls, so only fixed lines (05) and
    mobiles (06, 07) are accepted. A merchant's published contact line may also be a special-services
    number (08, e.g. a free-phone customer service): pass `allow_special_services=True` for it.
    """
    compact = _SEPARATORS.sub("", (raw or "").translate(_DIGITS))
    match = _SHAPE.fullmatch(compact)
    allowed = _PERSONAL + (_SPECIAL_SERVICES if allow_special_services else "")
    if match and match.group(1)[0] in allowed:
        return "+212" + match.group(1)
    if allow_special_services:
        message = _("Enter a Moroccan phone number: 10 digits starting with 05, 06, 07 or 08, or +212 and 9 digits.")
    else:
        message = _("Enter a Moroccan phone number such as 06 12 34 56 78 or +212 6 12 34 56 78.")
    raise ValidationError(message, code="phone")


TYPED_LENGTH = 30  # "+212 (0)6 61 23 45 67" and the like: never cut what a person types; stored as 13 characters


class PhoneField(forms.CharField):
    """A phone typed any usual way (spaces, dots, dashes, +212, 00212), cleaned to "+212" and 9 digits."""

    def __init__(self, *, allow_special_services: bool = False, **kwargs):
        self.allow_special_services = allow_special_services
        kwargs.setdefault("max_length", TYPED_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "dir": "ltr",
                                                           "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return normalize_phone(value, allow_special_services=self.allow_special_services)
