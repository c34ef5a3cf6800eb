"""Errors of the cart: what a shopper can be refused before checkout."""

from tijara.core.errors import DomainError


class CartError(DomainError):
    pass


class EmptyCart(CartError):
    code = "empty_cart"


class NotPurchasable(CartError):
    code = "not_purchasable"


class OutOfStock(CartError):
    code = "out_of_stock"
    status = 409
