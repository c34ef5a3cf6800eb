"""Pseudonymous merchant ids: a keyed hash, so the store never holds a platform's merchant reference."""

from __future__ import annotations

import hashlib
import hmac

from . import conf


def merchant_pseudonym(platform: str, reference: str, key: bytes | None = None) -> int:
    """Positive 63-bit id from HMAC-SHA256(key, "platform:reference").

    Without the key the id cannot be linked back to the reference (law 09-08: the observatory
    processes no personal data [DP-OBS-PSEUDONYM]); with 2^63 values, collisions are negligible at national scale.
    """
    digest = hmac.new(key or conf.pseudonym_key(), f"{platform}:{reference}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF
