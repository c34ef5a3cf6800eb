"""Checkout reads: the recap of a cart in a constant number of queries."""

from collections.abc import Callable

from tijara.cart.models import Cart, CartLine
from tijara.cart.selectors import cart_lines
from tijara.checkout.models import CheckoutDetails
from tijara.checkout.recap import Recap, recap_build
from tijara.core.models import City, Region
from tijara.core.vat import RateInForce, vat_rate_for
from tijara.shipping.models import ShippingMethod
from tijara.shipping.selectors import shipping_methods_by_merchant


def vat_rates() -> Callable[[str], RateInForce]:
    """vat_rate_for [TAX-VAT-RATES], memoised for one recap: one query per VAT class present, not per line."""
    cache: dict[str, RateInForce] = {}

    def rate_for(vat_class: str) -> RateInForce:
        if vat_class not in cache:
            cache[vat_class] = vat_rate_for(vat_class)
        return cache[vat_class]

    return rate_for


def checkout_details(cart: Cart) -> CheckoutDetails | None:
    return CheckoutDetails.objects.filter(cart_id=cart.pk).select_related("city", "region").first()


def recap_of_lines(lines: list[CartLine], details: CheckoutDetails | None, *,
                   methods_by_merchant: dict[int, list[ShippingMethod]] | None = None) -> Recap:
    items = [(ln.pk, ln.variant, ln.quantity, ln.price_seen) for ln in lines]
    if methods_by_merchant is None:
        methods_by_merchant = shipping_methods_by_merchant(ln.merchant_id for ln in lines)
    return recap_build(items=items, details=details, methods_by_merchant=methods_by_merchant, rate_for=vat_rates())


def cart_recap(cart: Cart | None, *, with_details: bool = True) -> Recap:
    if cart is None:
        return recap_build(items=[], details=None, methods_by_merchant={}, rate_for=vat_rates())
    lines = cart_lines(cart)
    details = checkout_details(cart) if with_details and lines else None
    return recap_of_lines(lines, details)


def cities_and_regions() -> tuple[list[City], list[Region]]:
    return list(City.objects.select_related("region").order_by("name_fr")), list(Region.objects.order_by("code"))
