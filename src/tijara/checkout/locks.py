"""Row locks taken by the confirmation, always in primary-key order so two checkouts never deadlock."""

from collections.abc import Iterable

from django.db import connection

from tijara.cart.models import Cart
from tijara.catalog.models import Variant


def cart_for_update(cart_id: int, *, with_details: bool = False) -> Cart | None:
    """The cart row, locked; `with_details` also reads its checkout details (not locked) in the same query."""
    qs = Cart.objects.filter(pk=cart_id)
    if not with_details:
        return qs.select_for_update().first()
    of = ("self",) if connection.features.has_select_for_update_of else ()
    return qs.select_related("checkout__city", "checkout__region").select_for_update(of=of).first()


def variants_for_update(ids: Iterable[int]) -> dict[int, Variant]:
    """Variants with product and merchant, locked (only the variant rows: `of=("self",)`)."""
    qs = Variant.objects.select_related("product__merchant__city").filter(pk__in=set(ids)).order_by("pk")
    of = ("self",) if connection.features.has_select_for_update_of else ()
    return {v.pk: v for v in qs.select_for_update(of=of)}
