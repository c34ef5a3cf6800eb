"""Legal identifiers of Moroccan companies."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ma import ice


def validate_ice(value: str) -> None:
    """ICE: 15 digits whose integer value is divisible by 97 (R2), as python-stdnum checks it."""
    try:
        ice.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("This ICE is not valid: it must have 15 digits and a correct check key."), code="invalid_ice"
        ) from exc
