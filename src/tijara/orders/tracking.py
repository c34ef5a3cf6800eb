"""A guest's way back to an order: the signed link every buyer e-mail carries.

A guest has no account, and the confirmation page works only in the browser that ordered. Each e-mail
(acknowledgement, confirmation, shipping, delivery, after-sale) therefore links to
`/orders/track/<token>/`, where the token is the order's id signed with the site's secret key
(`django.core.signing`, its own salt) and a keyed tag of the order's e-mail address: a forged or altered token,
or one whose order's address has changed since (an erasure), opens nothing and says nothing about why.

The link lives `TIJARA_ORDER_LINK_DAYS` days, never fewer than the longest time a buyer may still need the page:
the latest legal delivery, the 30-day withdrawal window and the 15 days of a refund.
"""

import hmac

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

from tijara.orders.models import Order
from tijara.shipping.rules import MAX_DELIVERY_DAYS

SALT = "tijara.orders.tracking"
# The longest the order page stays useful to a buyer: delivery at the legal limit, then the 30-day withdrawal
# window (art. 36) and the 15 days the seller has to refund (art. 37).
FLOOR_DAYS = MAX_DELIVERY_DAYS + 30 + 15


def link_days() -> int:
    """How long a link opens its order (the setting, raised to the floor above)."""
    return max(int(getattr(settings, "TIJARA_ORDER_LINK_DAYS", 365)), FLOOR_DAYS)


def _email_tag(email: str) -> str:
    return salted_hmac(SALT, (email or "").strip().lower()).hexdigest()[:16]


def order_tracking_token(order: Order) -> str:
    """The signed, timestamped token of one order (URL-safe)."""
    return signing.dumps({"o": order.pk, "e": _email_tag(order.email)}, salt=SALT)


def order_from_token(token: str) -> Order | None:
    """The order a token opens, or None (forged, altered, expired, or the order's address changed)."""
    try:
        data = signing.loads((token or "")[:200], salt=SALT, max_age=link_days() * 86400)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    if not isinstance(data, dict) or not isinstance(data.get("o"), int) or not isinstance(data.get("e"), str):
        return None
    order = Order.objects.filter(pk=data["o"]).only("pk", "number", "email").first()
    if order is None or not hmac.compare_digest(_email_tag(order.email), data["e"]):
        return None
    return order


def order_tracking_url(order: Order, language: str | None = None) -> str:
    """The absolute signed link to the order's page, in the buyer's language."""
    with translation.override(language or order.language or settings.LANGUAGE_CODE):
        try:
            path = reverse("storefront:order_track", args=[order_tracking_token(order)])
        except NoReverseMatch:  # a process without the storefront (a worker started without it): the site
            path = "/"
    return settings.TIJARA_SITE_URL.rstrip("/") + path


def order_link(order: Order, language: str | None = None) -> str:
    """The link a buyer e-mail carries: the account page for an order placed signed in, else the signed link."""
    if order.user_id:
        with translation.override(language or order.language or settings.LANGUAGE_CODE):
            try:
                return settings.TIJARA_SITE_URL.rstrip("/") + reverse("storefront:account_order", args=[order.number])
            except NoReverseMatch:
                pass
    return order_tracking_url(order, language)
