"""Fixtures of the audit tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """These tests are not about passwords: a fast hasher keeps the many accounts they make cheap."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
