"""How a person is named in privacy tables: a keyed hash of their normalised e-mail address.

The key comes from SECRET_KEY (Django's salted HMAC), so the ledger and suppressions can be matched against an
address someone types, but cannot be read back into one: what an erasure leaves behind is not the address.
"""

from django.utils.crypto import salted_hmac


def email_normalise(email: str) -> str:
    return (email or "").strip().lower()


def subject_key(email: str) -> str:
    return salted_hmac("tijara.privacy.subject", email_normalise(email), algorithm="sha256").hexdigest()
