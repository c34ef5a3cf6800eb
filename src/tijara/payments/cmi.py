"""The interbank hosted payment page's signature ("ver3"), written once for the shop and the simulator.

The shop signs the form it posts to the gateway, and verifies the callback the gateway posts back, with
the same rule [PAY-CARD-HASH]:
1. every field except `HASH` and `encoding` (names compared case-insensitively);
2. sorted by name in natural, case-insensitive order (PHP's `natcasesort`: "field2" before "field10");
3. each value trimmed, `\\` escaped as `\\\\` then `|` as `\\|`, followed by `|`;
4. then the store key, escaped the same way;
5. SHA-512 of that text (UTF-8), Base64 of the raw digest.
"""

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping

EXCLUDED_FIELDS = frozenset({"hash", "encoding"})
CURRENCY_MAD = "504"


def _natural_key(name: str) -> tuple:
    """Natural, case-insensitive order: digit runs compare as numbers, the rest as lower-case text."""
    parts = re.split(r"(\d+)", name.strip().lower())
    return tuple((0, int(part), part) if part.isdigit() else (1, 0, part) for part in parts if part != "")


def _escape(value: str) -> str:
    return value.strip().replace("\\", "\\\\").replace("|", "\\|")


def hash_plaintext(fields: Mapping[str, str], store_key: str) -> str:
    """The text that is hashed: escaped values in natural name order, each followed by `|`, then the key."""
    names = sorted((name for name in fields if name.lower() not in EXCLUDED_FIELDS), key=_natural_key)
    return "".join(_escape(str(fields[name])) + "|" for name in names) + _escape(store_key)


def ver3_hash(fields: Mapping[str, str], store_key: str) -> str:
    """The `HASH` value of a form or callback."""
    digest = hashlib.sha512(hash_plaintext(fields, store_key).encode("utf-8")).digest()
    return base64.b64encode(digest).decode("ascii")


def hash_is_valid(fields: Mapping[str, str], store_key: str) -> bool:
    """Whether the posted `HASH` (any case of the name) matches the fields, compared in constant time."""
    posted = next((str(value) for name, value in fields.items() if name.lower() == "hash"), "")
    if not posted or not store_key:
        return False
    return hmac.compare_digest(posted.strip().encode("utf-8"), ver3_hash(fields, store_key).encode("utf-8"))
