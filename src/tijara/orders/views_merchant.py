"""Minimal merchant order pages: list, detail and COD status moves (the back-office of issue 4 replaces them)."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.orders import selectors
from tijara.orders.models import OrderStatus
from tijara.orders.services import TRANSITIONS, OrderStateError, order_transition


def merchant_member(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in members of a merchant team only; sets request.merchant from orders.selectors.merchant_for_user."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("storefront:login"))
        merchant = selectors.merchant_for_user(request.user)
        if merchant is None:
            raise PermissionDenied(_("Only a store's team can see its orders."))
        request.merchant = merchant
        return view(request, *args, **kwargs)

    return wrapper


@merchant_member
def order_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = selectors.merchant_order_page(request.merchant, status=status, page=request.GET.get("page", 1))
    return render(request, "orders/merchant/order_list.html", {
        "merchant": request.merchant, "page_obj": page, "orders": page.object_list, "status": status,
        "statuses": OrderStatus.choices,
    })


@merchant_member
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = selectors.merchant_order(request.merchant, number)
    if order is None:
        raise Http404(_("This order does not exist."))
    moves = [(s, OrderStatus(s).label) for s in OrderStatus.values if s in TRANSITIONS[order.status]]
    return render(request, "orders/merchant/order_detail.html", {"merchant": request.merchant, "order": order,
                                                                 "moves": moves})


@require_POST
@merchant_member
def order_move(request: HttpRequest, number: str) -> HttpResponse:
    order = selectors.merchant_order(request.merchant, number)
    if order is None:
        raise Http404(_("This order does not exist."))
    try:
        order = order_transition(order=order, to_status=request.POST.get("to_status", ""), actor=request.user,
                                 reason=request.POST.get("reason", ""))
    except OrderStateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Order %(number)s is now “%(status)s”.") % {
            "number": order.number, "status": OrderStatus(order.status).label})
    return redirect("merchant_orders:detail", number=number)
