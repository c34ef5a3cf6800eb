"""Fixtures shared by the purchase tests live in tests/checkout/helpers.py; the card gateway simulator in
tests/gateway.py."""

from tests.checkout.helpers import filled_cart, shop  # noqa: F401
from tests.gateway import gateway_simulator, gateway_simulator_process  # noqa: F401
