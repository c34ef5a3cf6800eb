"""The cache-backed counters behind every limit (sign-in, sign-up, reset, order look-up, API tokens)."""

import time_machine

from tijara.core.throttle import client_address, throttle_clear, throttle_take, throttle_wait


def test_allows_the_limit_then_tells_how_long_to_wait():
    """[SEC-AUTH-LOCK] the counter behind the lock: `limit` hits pass, the next one waits out the window."""
    with time_machine.travel("2026-03-01 10:00:00Z", tick=False):
        assert [throttle_take("t", "k", limit=3, window_seconds=60) for _ in range(3)] == [0, 0, 0]
        assert throttle_wait("t", "k", limit=3, window_seconds=60) == 60
        assert throttle_take("t", "k", limit=3, window_seconds=60) == 60
    with time_machine.travel("2026-03-01 10:00:45Z", tick=False):
        assert throttle_take("t", "k", limit=3, window_seconds=60) == 15
        assert throttle_take("t", "other", limit=3, window_seconds=60) == 0  # keys are independent
    with time_machine.travel("2026-03-01 10:01:01Z", tick=False):  # a new window
        assert throttle_wait("t", "k", limit=3, window_seconds=60) == 0
        assert throttle_take("t", "k", limit=3, window_seconds=60) == 0


def test_wait_records_nothing_and_clear_forgets():
    for _ in range(5):
        assert throttle_wait("t", "k", limit=1, window_seconds=60) == 0
    throttle_take("t", "k", limit=1, window_seconds=60)
    assert throttle_wait("t", "k", limit=1, window_seconds=60) > 0
    throttle_clear("t", "k")
    assert throttle_wait("t", "k", limit=1, window_seconds=60) == 0


def test_keys_are_hashed_in_the_cache():
    """No e-mail or address is written to the cache (Redis in production) in clear."""
    from django.core.cache import cache

    throttle_take("signin-fail", "account:amine@example.ma", limit=5, window_seconds=60)
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any("amine" in k for k in keys)


def test_client_address_ignores_forwarded_headers_unless_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(request) == "10.1.2.3"
    settings.TIJARA_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="41.250.1.2")) == "41.250.1.2"
