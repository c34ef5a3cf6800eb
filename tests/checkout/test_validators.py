"""E-mail addresses typed at checkout are trimmed, checked and stored with a lower-case domain."""

import pytest
from django.core.exceptions import ValidationError

from tijara.checkout.validators import normalize_email


def test_email_is_trimmed_and_its_domain_lower_cased():
    assert normalize_email("  Salma.Bennani@Example.MA ") == "Salma.Bennani@example.ma"


@pytest.mark.parametrize("raw", ["", "a@", "@b.ma", "no at sign", "a@b"])
def test_bad_emails_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_email(raw)
