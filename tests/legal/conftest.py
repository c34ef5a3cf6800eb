"""The checkout fixtures (two stores with products, a filled cart) serve the legal tests too."""

from tests.checkout.helpers import filled_cart, shop  # noqa: F401
