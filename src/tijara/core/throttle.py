"""Hit counters in the cache, for throttling sign-in, sign-up, password reset, order lookup and API tokens.

Fixed windows: the first hit of a (scope, key) opens a window of `window_seconds`; at most `limit` hits
are allowed in it, and a refused caller is told how many seconds remain until it closes (the figure a
`Retry-After` header carries). The cache is the process memory in the demo and Redis in production
(`TIJARA_REDIS_URL`), so counters are shared by every worker there. Keys are hashed: no e-mail address
or IP address is written to the cache in clear.
"""

import hashlib
import math
import time

from django.core.cache import cache

__all__ = ["client_address", "throttle_clear", "throttle_take", "throttle_wait"]


def _keys(scope: str, key: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{scope}\x00{key}".encode()).hexdigest()[:40]
    return f"throttle:{scope}:{digest}:n", f"throttle:{scope}:{digest}:t"


def _wait(ends_at: float | None, window_seconds: int) -> int:
    """Seconds left in the window, at least 1 (a refused caller never retries at once)."""
    if ends_at is None:
        return window_seconds
    return max(1, math.ceil(ends_at - time.time()))


def throttle_take(scope: str, key: str, *, limit: int, window_seconds: int) -> int:
    """Record one hit; 0 when it is within `limit` for the current window, else the seconds to wait."""
    count_key, ends_key = _keys(scope, key)
    for _attempt in range(3):
        if cache.add(count_key, 0, timeout=window_seconds):
            cache.set(ends_key, time.time() + window_seconds, timeout=window_seconds)
        try:
            count = cache.incr(count_key)
        except ValueError:  # the window closed between add and incr: open a new one
            continue
        if count <= limit:
            return 0
        return _wait(cache.get(ends_key), window_seconds)
    return 0  # the cache keeps dropping the key (culled under pressure): let the hit through


def throttle_wait(scope: str, key: str, *, limit: int, window_seconds: int) -> int:
    """0 when one more hit would be allowed, else the seconds to wait; records nothing."""
    count_key, ends_key = _keys(scope, key)
    count = cache.get(count_key) or 0
    if count < limit:
        return 0
    return _wait(cache.get(ends_key), window_seconds)


def throttle_clear(scope: str, key: str) -> None:
    """Forget the hits of (scope, key): e.g. a successful sign-in clears its failed attempts."""
    cache.delete_many(list(_keys(scope, key)))


def client_address(request) -> str:
    """The client's address for per-address counters: REMOTE_ADDR, or the header a reverse proxy sets
    (`TIJARA_CLIENT_IP_HEADER`, e.g. HTTP_X_REAL_IP) — never a header the client itself could choose."""
    from django.conf import settings

    header = getattr(settings, "TIJARA_CLIENT_IP_HEADER", "")
    value = (request.META.get(header, "") if header else "") or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[0].strip()[:64] or "unknown"
