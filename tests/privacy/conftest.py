"""Fixtures of the privacy tests: the purchase fixtures of tests/checkout/helpers.py."""

from tests.checkout.helpers import filled_cart, shop  # noqa: F401
