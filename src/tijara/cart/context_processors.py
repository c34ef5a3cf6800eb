"""`cart_count` for a header badge: lazy, so pages that do not show it run no query, and visitors
without a cart (no session cookie, not signed in) never touch the database."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tijara.cart.session import CART_SESSION_KEY


def _count(request: HttpRequest) -> int:
    from tijara.cart.selectors import cart_by_token, cart_count, cart_of_user

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return cart_count(cart_of_user(user))
    if not request.COOKIES.get("sessionid"):
        return 0
    token = request.session.get(CART_SESSION_KEY)
    return cart_count(cart_by_token(token)) if token else 0


def cart(request: HttpRequest) -> dict:
    return {"cart_count": SimpleLazyObject(lambda: _count(request))}
