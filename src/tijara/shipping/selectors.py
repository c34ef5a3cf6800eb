"""Shipping reads: the methods checkout offers, the fee it charges, and a store's own methods for its settings.

Every read filters by merchant; lists load their zone fees with one prefetch, so the number of queries does
not grow with the number of methods.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from tijara.core.errors import NotFound
from tijara.core.money import to_money
from tijara.merchants.models import Merchant
from tijara.shipping.models import ShippingMethod, ShippingZoneFee

ZERO = Decimal("0.00")


@dataclass
class ShippingOption:
    method: ShippingMethod
    fee: Decimal
    free: bool


def shipping_fee(method: ShippingMethod, *, city_id: int | None, region_id: int | None, subtotal: Decimal) -> ShippingOption:
    """City fee beats region fee beats the base fee; free at or above the merchant's threshold.

    Pure computation over the method's prefetched zone fees, so the cart, the recap, the API and the
    confirmation charge the very same fee.
    """
    if method.free_above is not None and subtotal >= method.free_above:
        return ShippingOption(method=method, fee=ZERO, free=True)
    fee = method.base_fee
    zone_fees = list(method.zone_fees.all())  # prefetched
    by_city = [z for z in zone_fees if city_id is not None and z.city_id == city_id]
    by_region = [z for z in zone_fees if region_id is not None and z.region_id == region_id]
    if by_city:
        fee = by_city[0].fee
    elif by_region:
        fee = by_region[0].fee
    return ShippingOption(method=method, fee=to_money(fee), free=False)


def shipping_methods_by_merchant(merchant_ids: Iterable[int]) -> dict[int, list[ShippingMethod]]:
    """The active methods of these merchants with their zone fees, in checkout order (two queries)."""
    ids = set(merchant_ids)
    if not ids:
        return {}
    methods = ShippingMethod.objects.filter(merchant_id__in=ids, is_active=True).prefetch_related(
        Prefetch("zone_fees", queryset=ShippingZoneFee.objects.filter(merchant_id__in=ids))
    ).order_by("merchant_id", "position", "pk")
    grouped: dict[int, list[ShippingMethod]] = {}
    for method in methods:
        grouped.setdefault(method.merchant_id, []).append(method)
    return grouped


def merchant_delivers(merchant_id: int) -> bool:
    """Whether the store has at least one active delivery method (the condition for publishing)."""
    return Merchant.objects.filter(pk=merchant_id, delivers=True).exists()


def shipping_methods(merchant: Merchant) -> list[ShippingMethod]:
    """The store's delivery methods with their zone fees (cities and regions named), in three queries."""
    return list(
        ShippingMethod.objects.filter(merchant=merchant).order_by("position", "pk").prefetch_related(
            Prefetch("zone_fees", queryset=ShippingZoneFee.objects.filter(merchant=merchant)
                     .select_related("city", "region").order_by("region_id", "city__name_fr", "pk"))
        )
    )


def shipping_method(merchant: Merchant, method_id: int) -> ShippingMethod:
    """One of the store's delivery methods with its zone fees; NotFound for anyone else's."""
    method = (
        ShippingMethod.objects.filter(merchant=merchant, pk=method_id)
        .prefetch_related(Prefetch("zone_fees", queryset=ShippingZoneFee.objects.filter(merchant=merchant)
                                   .order_by("region_id", "city_id", "pk")))
        .first()
    )
    if method is None:
        raise NotFound(_("No such delivery method in your store."), "method_id")
    return method
