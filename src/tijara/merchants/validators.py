"""Legal identifiers of Moroccan companies."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ma import ice


def validate_ice(value: str) -> None:
    """ICE: 15 digits whose integer value is divisible by 97 [REF-ICE], as python-stdnum checks it."""
    try:
        ice.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("This ICE is not valid: it must have 15 digits and a correct check key."), code="invalid_ice"
        ) from exc


# Letters in an account number become digits as in the French RIB: A-I -> 1-9, J-R -> 1-9, S-Z -> 2-9.
_RIB_LETTERS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "12345678912345678923456789",
)


_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def rib_compact(value: str) -> str:
    """The RIB without spaces (also non-breaking ones), dashes, dots or slashes, upper-cased: owners type it
    in groups as printed on a statement ("011 780 0000123456789012 34") or paste it in many shapes."""
    return "".join(ch for ch in str(value).translate(_EASTERN_DIGITS) if not ch.isspace() and ch not in "-./").upper()


def rib_key(bank: str, city: str, account: str) -> int:
    """Check key of a Moroccan RIB (bank 3 digits, city 3, account 16 with letters mapped).

    The 24-digit RIB taken as a number is divisible by 97. Written per part, that is
    key = 97 - ((51*bank + 89*city + 3*account) mod 97), because 10**21, 10**18 and 10**2 are
    51, 89 and 3 modulo 97. (The 89/15/3 weights of the French RIB fit the French 5/5/11 layout,
    not the Moroccan 3/3/16 one: they reject the IBAN registry's Moroccan example.)
    """
    account_digits = account.upper().translate(_RIB_LETTERS)
    return 97 - ((51 * int(bank) + 89 * int(city) + 3 * int(account_digits)) % 97)


def validate_rib(value: str) -> None:
    """Moroccan RIB: 24 characters (3 bank + 3 city + 16 account + 2 key) with a correct check key [REF-RIB]."""
    rib = rib_compact(value)
    if len(rib) != 24:
        raise ValidationError(
            _("A RIB has 24 digits (bank 3, city 3, account 16, key 2); this one has %(count)d."),
            code="rib_length", params={"count": len(rib)},
        )
    bank, city, account, key = rib[:3], rib[3:6], rib[6:22], rib[22:]
    if not (bank.isdigit() and city.isdigit() and key.isdigit() and account.isalnum() and account.isascii()):
        raise ValidationError(
            _("A RIB contains only digits (letters are allowed only in the account number)."), code="rib_chars"
        )
    if rib_key(bank, city, account) != int(key):
        raise ValidationError(
            _("This RIB's check key is wrong: please copy it again from your bank statement."), code="rib_key"
        )


def identifier_compact(value: str) -> str:
    """An identifier without the spaces, dots and dashes owners type between groups of digits."""
    return "".join(ch for ch in str(value) if ch not in " .-\t")


def _digits(value: str, *, max_length: int, message) -> None:
    if not (value.isdigit() and value.isascii() and 1 <= len(value) <= max_length):
        raise ValidationError(message, code="invalid_format", params={"max": max_length})


def validate_if_number(value: str) -> None:
    """IF (identifiant fiscal): digits only, at most 10 [CP-SHOP-COMPLETE]."""
    _digits(value, max_length=10, message=_("An IF (tax identifier) has digits only, at most %(max)d."))


def validate_professional_tax(value: str) -> None:
    """Taxe professionnelle number: digits only, at most 20 [CP-SHOP-COMPLETE]."""
    _digits(value, max_length=20, message=_("A taxe professionnelle number has digits only, at most %(max)d."))


def rc_compact(value: str) -> str:
    """An RC number as registered: digits, without an "RC" or "R.C." prefix, spaces or dots."""
    text = str(value).strip()
    upper = text.upper()
    for prefix in ("R.C.", "R.C", "RC"):
        if upper.startswith(prefix):
            text = text[len(prefix):]
            break
    return identifier_compact(text).lstrip(":")


def validate_rc_number(value: str) -> None:
    """RC (trade register) number: digits only, at most 10; the court registry is a separate field [REF-RC]."""
    _digits(value, max_length=10, message=_("An RC number has digits only, at most %(max)d (the court's city goes in its own field)."))


def validate_cndp_receipt(value: str) -> None:
    """The CNDP receipt reference as printed on the receipt: letters, digits, dashes and slashes, 3 to 40."""
    text = str(value).strip()
    if not (3 <= len(text) <= 40 and text.isascii() and text[0].isalnum()
            and all(ch.isalnum() or ch in " -/." for ch in text)):
        raise ValidationError(
            _("Copy the CNDP receipt reference as printed (letters, digits, dashes and slashes, for example D-GC-123/2024)."),
            code="invalid_format",
        )
