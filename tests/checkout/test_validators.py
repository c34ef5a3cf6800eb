"""Phone numbers are accepted as 06/07/05…, +212… or 00212…, stored as +212 and 9 digits (R32)."""

import pytest
from django.core.exceptions import ValidationError

from tijara.checkout.validators import normalize_email, normalize_phone


@pytest.mark.parametrize("raw", ["0612345678", "06 12 34 56 78", "06-12-34-56-78", "+212612345678",
                                 "+212 6 12 34 56 78", "00212612345678", "+212 (0)6 12 34 56 78"])
def test_phone_is_stored_as_plus_212_and_nine_digits_R32(raw):
    assert normalize_phone(raw) == "+212612345678"


def test_fixed_and_07_numbers_are_accepted_R32():
    assert normalize_phone("0522 00 00 00") == "+212522000000"
    assert normalize_phone("0712345678") == "+212712345678"


@pytest.mark.parametrize("raw", ["", "12345", "0812345678", "061234567", "06123456789", "+33612345678", "abc"])
def test_other_numbers_are_refused_R32(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


@pytest.mark.parametrize("raw", ["", "a@", "@b.ma", "no at sign", "a@b"])
def test_bad_emails_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_email(raw)
