"""The buyer's after-sale pages: the withdrawal form (per line or whole order) and the cancellation of a late
delivery, for the signed-in buyer or a guest who found the order with its number and e-mail (`buyer_order`:
anyone else gets a 404). Thin: the rules live in `tijara.aftersale`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tijara.aftersale import selectors, services
from tijara.core.errors import DomainError
from tijara.core.i18n import current_language
from tijara.storefront.views_orders import buyer_order


def _order_page(request: HttpRequest, number: str):
    if request.user.is_authenticated:
        return redirect("storefront:account_order", number=number)
    return redirect("storefront:guest_order", number=number)


@require_http_methods(["GET", "POST"])
def order_withdraw(request: HttpRequest, number: str) -> HttpResponse:
    """The withdrawal form [CP-WITHDRAWAL-FORM]: no reason asked; refused after the last day, with that day
    [CP-WITHDRAWAL-DEADLINE]."""
    order = buyer_order(request, number)
    error, status = "", 200
    if request.method == "POST":
        scope = request.POST.get("scope", "")
        picked = [v for v in request.POST.getlist("lines")[:200] if v.isdigit() and len(v) < 12]
        if scope != "all" and not picked:
            error, status = _("Tick the items you send back, or withdraw from the whole order."), 400
        else:
            try:
                services.withdrawal_request(order=order, line_ids=[] if scope == "all" else [int(v) for v in picked],
                                            language=current_language())
            except DomainError as exc:
                error, status = exc.message, exc.status
            else:
                messages.success(request, _("Your withdrawal is recorded. An acknowledgement was sent to %(email)s.")
                                 % {"email": order.email})
                return redirect("storefront:order_withdraw", number=order.number)
    return render(request, "storefront/aftersale/withdraw.html",
                  {"order": order, "rights": selectors.order_rights(order), "error": error}, status=status)


@require_POST
def order_cancel_late(request: HttpRequest, number: str) -> HttpResponse:
    """Cancel an order whose delivery is more than 7 days late [CP-DELIVERY-LATE-CANCEL]."""
    order = buyer_order(request, number)
    try:
        services.order_cancel_late(order=order, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your order is cancelled. Any amount paid is refunded within 15 days."))
    return _order_page(request, order.number)
