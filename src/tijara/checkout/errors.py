"""Errors of checkout (cart errors live in `cart.errors`; every one is a `core.errors.DomainError`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tijara.core.errors import DomainError

if TYPE_CHECKING:
    from tijara.checkout.recap import Recap


class CheckoutError(DomainError):
    pass


class NoShippingMethod(CheckoutError):
    code = "no_shipping"


class DetailsMissing(CheckoutError):
    code = "details_missing"


class PriceChanged(CheckoutError):
    """The recap the customer saw is no longer true: show them `recap` before anything is binding."""

    code = "recap_changed"
    status = 409

    def __init__(self, message: str, recap: Recap):
        super().__init__(message, "fingerprint")
        self.recap = recap


class IdempotencyConflict(CheckoutError):
    code = "idempotency_conflict"
    status = 409
