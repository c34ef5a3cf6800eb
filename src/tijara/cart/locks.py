"""Row locks of the cart domain."""

from django.db import connection

from tijara.cart.models import Cart


def cart_for_update(cart_id: int, *, with_details: bool = False) -> Cart | None:
    """The cart row, locked; `with_details` also reads its checkout details (not locked) in the same query."""
    qs = Cart.objects.filter(pk=cart_id)
    if not with_details:
        return qs.select_for_update().first()
    of = ("self",) if connection.features.has_select_for_update_of else ()
    return qs.select_related("checkout__city", "checkout__region").select_for_update(of=of).first()
