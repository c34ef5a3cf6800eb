"""Input rules of checkout that are not shared: the customer's e-mail address.

Phone numbers follow the platform-wide rule in `tijara.core.phone`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def normalize_email(raw: str) -> str:
    """The address trimmed, its domain lower-cased (the local part may be case-sensitive), or a ValidationError."""
    email = (raw or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(_("Enter a valid e-mail address."), code="email") from exc
    local, _sep, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"
