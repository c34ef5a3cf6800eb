"""The platform's Ed25519 archive key and the one definition of a record's hash [EC-ARCHIVE].

The private key comes from `TIJARA_ARCHIVE_SIGNING_KEY` (base64 of the 32 raw bytes), from the environment
only. Without it nothing refuses to start: appending raises ImproperlyConfigured with what to set, so a
server missing it fails loudly at the first order instead of archiving unsigned records.
"""

import base64
import binascii
import datetime as dt
import functools
import hashlib
import json
from decimal import Decimal
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = (
    "TIJARA_ARCHIVE_SIGNING_KEY is not set: the contract archive cannot sign records. Set it to the base64 of a "
    "32-byte Ed25519 private key, e.g. python -c \"import base64,os; print(base64.b64encode(os.urandom(32)).decode())\""
)


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not allowed in an archived payload")


def canonical_json(payload: dict) -> str:
    """Sorted keys, no spaces, UTF-8 text: the same payload always gives the same bytes and hash."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def time_text(moment: dt.datetime) -> str:
    """The record time as hashed: UTC, ISO 8601 with microseconds."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def record_hash(*, prev_hash: str, payload_sha256: str, kind: str, order_id: int, created_at: dt.datetime) -> str:
    """SHA-256 of prev_hash|payload_sha256|kind|order_id|created_at (UTF-8, hex digest)."""
    return sha256_hex("|".join([prev_hash, payload_sha256, kind, str(order_id), time_text(created_at)]))


@functools.lru_cache(maxsize=4)
def _private_key(encoded: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(encoded, validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("TIJARA_ARCHIVE_SIGNING_KEY must be the base64 of 32 raw bytes.") from exc


def private_key() -> Ed25519PrivateKey:
    encoded = getattr(settings, "TIJARA_ARCHIVE_SIGNING_KEY", "")
    if not encoded:
        raise ImproperlyConfigured(MISSING_KEY)
    return _private_key(encoded)


def sign(hash_hex: str) -> str:
    """Base64 of the Ed25519 signature of the record hash's hex text (ASCII)."""
    return base64.b64encode(private_key().sign(hash_hex.encode("ascii"))).decode("ascii")


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_b64() -> str:
    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_key_pem() -> str:
    return public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def public_key_from_b64(encoded: str) -> Ed25519PublicKey:
    """A public key given as base64 of its 32 raw bytes (what `tijara archive public-key --format base64` prints)."""
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(encoded.strip(), validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("The public key must be the base64 of 32 raw bytes.") from exc


def signature_valid(key: Ed25519PublicKey, hash_hex: str, signature_b64: str) -> bool:
    try:
        key.verify(base64.b64decode(signature_b64, validate=True), hash_hex.encode("ascii"))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
