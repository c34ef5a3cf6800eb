"""Fixtures shared by the purchase tests live in tests/checkout/helpers.py."""

from tests.checkout.helpers import filled_cart, shop  # noqa: F401
