"""Domain errors of cart and checkout: a message in the visitor's language and the field at fault."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tijara.checkout.recap import Recap


class CheckoutError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = str(message), field


class NotFound(CheckoutError):
    code = "not_found"
    status = 404


class EmptyCart(CheckoutError):
    code = "empty_cart"


class NotPurchasable(CheckoutError):
    code = "not_purchasable"


class OutOfStock(CheckoutError):
    code = "out_of_stock"
    status = 409


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
