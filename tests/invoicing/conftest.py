"""Fixtures of the invoice tests live in tests/checkout/helpers.py (two stores, a filled cart)."""

from tests.checkout.helpers import filled_cart, shop  # noqa: F401
