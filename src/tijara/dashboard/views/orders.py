"""The store's orders: list with filters, detail with its status moves, payment and history, refunds and a bank
transfer's receipt, and the delivery slip."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.core.errors import DomainError
from tijara.dashboard.access import merchant_required
from tijara.dashboard.forms_payments import RefundForm, TransferReceivedForm
from tijara.dashboard.views.privacy import customer_data_viewed
from tijara.merchants.permissions import membership_can
from tijara.orders import selectors as order_selectors
from tijara.orders.models import Order, OrderStatus
from tijara.orders.services import TRANSITIONS, OrderStateError
from tijara.payments import refunds as payment_refunds
from tijara.payments import services as payment_services
from tijara.payments.models import Payment, PaymentStatus
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
        except (OrderStateError, DomainError) as exc:  # a card or transfer order cannot ship unpaid
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Order updated."))
        return redirect("dashboard:order_detail", number=order.number)
    customer_data_viewed(request, email=order.email, view="order_detail")
    next_statuses = [(s, OrderStatus(s).label) for s in OrderStatus.values if s in TRANSITIONS[order.status]]
    return render(request, "dashboard/order_detail.html", {
        "order": order, "next_statuses": next_statuses, "timeline": _timeline(order),
        "payment_label": _payment_label(order.payment_method), **_payment_context(request, order),
    })


def _payment(order: Order) -> Payment | None:
    try:
        return order.payment
    except Payment.DoesNotExist:
        return None


def _payment_context(request: HttpRequest, order: Order, refund_form=None, transfer_form=None) -> dict:
    """The order's payment, its refunds and, for owners and managers, the refund and transfer forms."""
    payment = _payment(order)
    if payment is None:
        return {"payment": None}
    may = membership_can(request.membership, "payments.manage")
    refundable = payment.refundable_amount
    can_refund = may and refundable > 0
    awaiting_transfer = may and payment.provider == "transfer" and payment.status == PaymentStatus.PENDING
    return {
        "payment": payment, "refunds": list(payment.refunds.select_related("actor")),
        "payment_status_label": PaymentStatus(payment.status).label if payment.status in PaymentStatus.values
        else payment.status,
        "refund_form": (refund_form or RefundForm(initial={"amount": refundable}, card=payment.provider == "card"))
        if can_refund else None,
        "transfer_form": (transfer_form or TransferReceivedForm()) if awaiting_transfer else None,
        "can_manage_payments": may,
    }


def _payment_of(request: HttpRequest, number: str) -> tuple[Order, Payment]:
    order = _own_order(request, number)
    payment = _payment(order)
    if payment is None:
        raise Http404(_("This order has no payment."))
    return order, payment


def _detail_with_errors(request: HttpRequest, order: Order, **forms) -> HttpResponse:
    next_statuses = [(s, OrderStatus(s).label) for s in OrderStatus.values if s in TRANSITIONS[order.status]]
    return render(request, "dashboard/order_detail.html", {
        "order": order, "next_statuses": next_statuses, "timeline": _timeline(order),
        "payment_label": _payment_label(order.payment_method), **_payment_context(request, order, **forms),
    }, status=400)


@require_POST
@merchant_required("payments.manage")
def order_refund(request: HttpRequest, number: str) -> HttpResponse:
    """Give back all or part of what the order's payment captured (card: through the bank)."""
    order, payment = _payment_of(request, number)
    form = RefundForm(request.POST, card=payment.provider == "card")
    if not form.is_valid():
        return _detail_with_errors(request, order, refund_form=form)
    try:
        refund = payment_refunds.payment_refund(payment=payment, amount=form.cleaned_data["amount"],
                                                 actor=request.user,
                                reference=form.reference_value())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Refunded %(amount)s MAD.") % {"amount": refund.amount})
    return redirect("dashboard:order_detail", number=order.number)


@require_POST
@merchant_required("payments.manage")
def order_transfer_received(request: HttpRequest, number: str) -> HttpResponse:
    """The merchant saw the buyer's bank transfer arrive: the order is paid and may ship."""
    order, payment = _payment_of(request, number)
    form = TransferReceivedForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, order, transfer_form=form)
    try:
        payment_services.transfer_confirm(payment=payment, actor=request.user,
                                          reference=form.cleaned_data["reference"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The bank transfer is recorded as received."))
    return redirect("dashboard:order_detail", number=order.number)


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
    order = _own_order(request, number)
    return render(request, "dashboard/delivery_slip.html", {"order": order,
                                                            "payment_label": _payment_label(order.payment_method)})
