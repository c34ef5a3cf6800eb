"""After the sale, in the back-office: the store's withdrawals and refunds due with their overdue flag and legal
interest, the return check-in (stock back), the refund through the payment provider, the cancellation of an
unavailable line; and for platform staff, every overdue refund and delivery across stores."""

import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.aftersale import selectors, services
from tijara.core.errors import DomainError
from tijara.dashboard.access import merchant_required, platform_staff_required
from tijara.merchants.permissions import membership_can


@merchant_required("orders.manage")
def aftersale_list(request: HttpRequest) -> HttpResponse:
    """Pending withdrawals and refunds due, oldest due day first; overdue ones flagged [CP-REFUND-15-DAYS]."""
    number = re.sub(r"[^A-Za-z0-9-]", "", request.GET.get("number") or "")[:32]
    if number:
        return redirect("dashboard:aftersale_order", number=number.upper())
    return render(request, "dashboard/aftersale/list.html", {
        "rows": selectors.merchant_aftersale(request.merchant),
        "late_orders": selectors.merchant_late_deliveries(request.merchant),
        "can_refund": membership_can(request.membership, "payments.manage"),
    })


@require_POST
@merchant_required("orders.manage")
def aftersale_check_in(request: HttpRequest, withdrawal_id: int) -> HttpResponse:
    """The returned goods arrived: back into stock."""
    try:
        services.withdrawal_check_in(merchant_id=request.merchant.pk, withdrawal_id=withdrawal_id, actor=request.user)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Return checked in: the items are back in stock."))
    return redirect("dashboard:aftersale")


@require_POST
@merchant_required("payments.manage")
def aftersale_refund(request: HttpRequest, due_id: int) -> HttpResponse:
    """Refund a withdrawal (or another refund due) through the payment provider; the credit note follows."""
    try:
        services.refund_due_pay(merchant_id=request.merchant.pk, refund_due_id=due_id, actor=request.user,
                                reference=(request.POST.get("reference") or "")[:100])
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Refund made; its credit note is issued."))
    return redirect("dashboard:aftersale")


@merchant_required("orders.manage")
def aftersale_order(request: HttpRequest, number: str) -> HttpResponse:
    """An order's lines, to cancel one that turns out unavailable [CP-DELIVERY-UNAVAILABLE]."""
    order = selectors.merchant_order_lines(request.merchant, number)
    if order is None:
        raise Http404(_("No such order in your store."))
    if request.method == "POST":
        line_id = request.POST.get("line", "")
        try:
            if not line_id.isdigit() or len(line_id) > 12:
                raise DomainError(_("This line is not part of the order."), "line")
            services.order_line_unavailable(merchant_id=request.merchant.pk, order=order, line_id=int(line_id),
                                            actor=request.user, reason=request.POST.get("reason", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Line cancelled; the buyer is told by e-mail."))
        return redirect("dashboard:aftersale_order", number=order.number)
    return render(request, "dashboard/aftersale/order.html", {"order": order})


@platform_staff_required
def aftersale_overdue(request: HttpRequest) -> HttpResponse:
    """Platform staff: every overdue refund and late delivery, across stores."""
    return render(request, "dashboard/aftersale/overdue.html", {"cases": selectors.overdue_cases()})
