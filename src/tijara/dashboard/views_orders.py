"""Orders and customers pages of the back-office, on the checkout issue's orders and its status machine."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tijara.core.models import City
from tijara.dashboard import sales
from tijara.dashboard.access import merchant_required
from tijara.orders import selectors as order_selectors
from tijara.orders.models import OrderStatus
from tijara.orders.services import TRANSITIONS, OrderStateError, order_transition
from tijara.payments.providers import UnknownPaymentMethod, get_provider


@merchant_required("orders.manage")
def order_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "") for k in ("status", "payment", "city", "from", "to", "q")}
    page = sales.order_page(request.merchant, filters=filters, page=request.GET.get("page", 1))
    return render(request, "dashboard/order_list.html", {
        "page_obj": page, "filters": filters, "statuses": OrderStatus.choices,
        "cities": City.objects.filter(pk__in=request.merchant.orders.values("city_id")).order_by("name_fr"),
    })


def _own_order(request: HttpRequest, number: str):
    order = order_selectors.merchant_order(request.merchant, number)
    if order is None:
        raise Http404(_("No such order in your store."))
    return order


@merchant_required("orders.manage")
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = _own_order(request, number)
    if request.method == "POST":
        try:
            order_transition(order=order, to_status=request.POST.get("to_status", ""), actor=request.user,
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


def _timeline(order) -> list[dict]:
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


@merchant_required("customers.view")
def customer_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = sales.customer_page(request.merchant, query=query, page=request.GET.get("page", 1))
    return render(request, "dashboard/customer_list.html", {"page_obj": page, "query": query})


@merchant_required("customers.view")
def customer_detail(request: HttpRequest, email: str) -> HttpResponse:
    orders = sales.customer_orders(request.merchant, email)
    if not orders:
        raise Http404(_("No such customer in your store."))
    total = sum(o.total for o in orders if o.status != OrderStatus.CANCELLED)
    return render(request, "dashboard/customer_detail.html", {"orders": orders, "email": email, "total": total,
                                                              "name": orders[0].full_name})
