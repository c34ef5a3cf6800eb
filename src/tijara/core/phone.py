"""Moroccan phone numbers: one rule for every form and the API [REF-PHONE].

The ANRT numbering plan is closed: nationally a 0 and a 9-digit number, internationally 212 and the same
9 digits. National numbers starting with 5 are fixed lines, 6 and 7 mobiles, 8 special services
(free-phone and shared-cost lines). Every number is stored as "+212" followed by the 9 digits, whatever
shape it was typed in.
"""

import re

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
