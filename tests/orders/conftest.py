"""Fixtures shared by the issue-3 tests live in tests/checkout/helpers.py."""

from tests.checkout.helpers import filled_cart, shop  # noqa: F401
