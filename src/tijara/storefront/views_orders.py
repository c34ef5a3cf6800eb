"""A buyer's order and its documents, for a signed-in buyer or a guest who gives the order number and e-mail.

Every document goes through `buyer_order`: another buyer's order answers 404, like an unknown number.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tijara.accounts.lookup import order_lookup
from tijara.accounts.passwords import TooManyRequests
from tijara.core.i18n import current_language
from tijara.core.throttle import client_address
from tijara.core.views import pdf_response
from tijara.orders import selectors as order_selectors
from tijara.orders.confirmation import confirmation_pdf
from tijara.orders.models import Order
from tijara.orders.tracking import order_from_token
from tijara.storefront.views_shop import GROUPS_SESSION_KEY

FOUND_SESSION_KEY = "orders_found"  # order numbers this session proved with number + e-mail
FOUND_KEEP = 20


def buyer_order(request: HttpRequest, number: str) -> Order:
    """The order if the request's buyer may see it, else 404."""
    order = order_selectors.order_for_buyer(
        number, user_id=request.user.pk if request.user.is_authenticated else None,
        found_numbers=request.session.get(FOUND_SESSION_KEY, []),
        checkout_groups=request.session.get(GROUPS_SESSION_KEY, []),
    )
    if order is None:
        raise Http404(_("This order does not exist."))
    return order


@require_http_methods(["GET", "POST"])
def order_find(request: HttpRequest) -> HttpResponse:
    """Guests find their order with its number and the e-mail given at checkout; the session remembers it."""
    number = (request.POST.get("number") or request.GET.get("number") or "").strip()[:32]
    email = (request.POST.get("email") or "").strip()[:254]
    if request.method == "POST":
        try:  # failed look-ups are limited per address and per number [SEC-AUTH-LOOKUP]
            order = order_lookup(number=number, email=email, ip=client_address(request))
        except TooManyRequests as exc:
            messages.error(request, exc.message)
            return render(request, "storefront/shop/order_find.html", {"number": number, "email": email}, status=429)
        if order is not None:
            _remember_found(request, order.number)
            return redirect("storefront:guest_order", number=order.number)
        messages.error(request, _("No order with this number and e-mail address."))
    return render(request, "storefront/shop/order_find.html", {"number": number, "email": email})


def _remember_found(request: HttpRequest, number: str) -> None:
    found = [n for n in request.session.get(FOUND_SESSION_KEY, []) if n != number][-(FOUND_KEEP - 1):]
    request.session[FOUND_SESSION_KEY] = [*found, number]


@require_http_methods(["GET", "HEAD"])
def order_track(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link of a buyer e-mail: this browser may now see the order (like after a look-up), then its page.

    A forged, altered or expired link is a plain 404 that says nothing about why."""
    order = order_from_token(token)
    if order is None:
        raise Http404
    _remember_found(request, order.number)
    return redirect("storefront:guest_order", number=order.number)


def guest_order(request: HttpRequest, number: str) -> HttpResponse:
    return render(request, "storefront/shop/order.html", {"order": buyer_order(request, number)})


def order_confirmation_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The written confirmation the buyer was sent [CP-CONFIRMATION], in the page's language (French or Arabic)."""
    order = buyer_order(request, number)
    if order.confirmation_sent_at is None:
        raise Http404(_("The written confirmation of this order has not been sent yet."))
    return pdf_response(confirmation_pdf(order, language=current_language()), f"confirmation-{order.number}.pdf")
