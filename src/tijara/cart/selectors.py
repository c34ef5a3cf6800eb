"""Cart reads: a constant number of queries whatever the number of lines or stores."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser

from tijara.cart.models import Cart, CartLine


def cart_by_token(token: object) -> Cart | None:
    try:
        value = token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except (TypeError, ValueError, AttributeError):
        return None
    return Cart.objects.filter(token=value).first()


def cart_of_user(user: AbstractBaseUser) -> Cart | None:
    """The signed-in customer's cart (the most recently touched one)."""
    return Cart.objects.filter(user_id=user.pk).order_by("-updated_at", "-pk").first()


def cart_lines(cart: Cart) -> list[CartLine]:
    """Lines with variant, product and merchant (and its city, for the recap's identity block): 1 query."""
    return list(
        CartLine.objects.filter(cart_id=cart.pk)
        .select_related("variant__product__merchant__city")
        .order_by("merchant_id", "pk")
    )


def cart_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return sum(CartLine.objects.filter(cart_id=cart.pk).values_list("quantity", flat=True))
