"""Input rules of checkout: Moroccan phone numbers (R32) and e-mail addresses."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# 05 fixed lines, 06/07 mobiles (ANRT numbering plan, 9-digit national number after the 0).
_NATIONAL = r"([567]\d{8})"
_PATTERNS = (
    re.compile(rf"^0{_NATIONAL}$"),
    re.compile(rf"^\+212\(?0?\)?{_NATIONAL}$"),
    re.compile(rf"^00212\(?0?\)?{_NATIONAL}$"),
    re.compile(rf"^212{_NATIONAL}$"),
)
_SEPARATORS = re.compile(r"[\s.\-/]")


def normalize_phone(raw: str) -> str:
    """'06 12 34 56 78', '+212 612-345678', '00212612345678' → '+212612345678' (R32), else ValidationError."""
    compact = _SEPARATORS.sub("", raw or "")
    for pattern in _PATTERNS:
        match = pattern.match(compact)
        if match:
            return "+212" + match.group(1)
    raise ValidationError(
        _("Enter a Moroccan phone number such as 06 12 34 56 78 or +212 6 12 34 56 78."), code="phone"
    )


def normalize_email(raw: str) -> str:
    email = (raw or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(_("Enter a valid e-mail address."), code="email") from exc
    local, _sep, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"
