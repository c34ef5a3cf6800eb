"""The store's orders: list with filters, detail with its status moves and history, and the delivery slip."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tijara.dashboard.access import merchant_required
from tijara.orders import selectors as order_selectors
from tijara.orders.models import Order, OrderStatus
from tijara.orders.services import TRANSITIONS, OrderStateError
from tijara.payments.providers import UnknownPaymentMethod, get_provider
from tijara.payments.services import order_move


@merchant_required("orders.manage")
def order_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "") for k in ("status", "payment", "city", "from", "to", "q")}
    page = order_selectors.merchant_order_page(request.merchant, filters=filters, page=request.GET.get("page", 1))
    return render(request, "dashboard/order_list.html", {
        "page_obj": page, "filters": filters, "statuses": OrderStatus.choices,
        "cities": order_selectors.merchant_order_cities(request.merchant),
    })


def _own_order(request: HttpRequest, number: str) -> Order:
    order = order_selectors.merchant_order(request.merchant, number)
    if order is None:
        raise Http404(_("No such order in your store."))
    return order


@merchant_required("orders.manage")
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = _own_order(request, number)
    if request.method == "POST":
        try:
            order_move(order=order, to_status=request.POST.get("to_status", ""), actor=request.user,
                       reason=request.POST.get("reason", ""))
        except OrderStateError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Order updated."))
        return redirect("dashboard:order_detail", number=order.number)
    next_statuses = [(s, OrderStatus(s).label) for s in OrderStatus.values if s in TRANSITIONS[order.status]]
    return render(request, "dashboard/order_detail.html", {
        "order": order, "next_statuses": next_statuses, "timeline": _timeline(order),
        "payment_label": _payment_label(order.payment_method),
    })


def _timeline(order: Order) -> list[dict]:
    """The order's status history with labels in the page's language; 'placed' first even for old rows."""
    changes = list(order.status_changes.all())  # prefetched with their actors
    steps = [{"at": c.created_at, "label": _status_label(c.to_status), "actor": c.actor, "note": c.note}
             for c in changes]
    if not changes or changes[0].to_status != OrderStatus.PLACED:
        steps.insert(0, {"at": order.created_at, "label": OrderStatus.PLACED.label, "actor": None, "note": ""})
    return steps


def _status_label(status: str) -> str:
    return OrderStatus(status).label if status in OrderStatus.values else status


def _payment_label(code: str) -> str:
    try:
        return get_provider(code).label
    except UnknownPaymentMethod:
        return code


@merchant_required("orders.manage")
def delivery_slip(request: HttpRequest, number: str) -> HttpResponse:
    return render(request, "dashboard/delivery_slip.html", {"order": _own_order(request, number)})
