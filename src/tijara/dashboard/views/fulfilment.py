"""Cash-on-delivery operations in the back-office: the confirmation call queue, carriers, shipments with their
labels and outcomes, and a carrier's status file."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tijara.core.errors import DomainError
from tijara.core.views import pdf_response
from tijara.dashboard.access import merchant_required
from tijara.dashboard.forms_fulfilment import (
    CallOutcomeForm,
    ShipmentForm,
    ShipmentOutcomeForm,
    StatusFileForm,
)
from tijara.dashboard.views.privacy import customer_data_viewed
from tijara.fulfilment import selectors, services, status_files
from tijara.fulfilment.labels import shipment_label_pdf
from tijara.fulfilment.models import Carrier, ShipmentStatus
from tijara.fulfilment.reference import reference_carriers
from tijara.orders import selectors as order_selectors
from tijara.orders.models import Order


def _own_order(request: HttpRequest, number: str, *, view: str) -> Order:
    """The store's order, its opening logged as a staff read of the buyer's data [DP-STAFF-READS]."""
    order = order_selectors.merchant_order(request.merchant, number)
    if order is None:
        raise Http404(_("No such order in your store."))
    customer_data_viewed(request, email=order.email, view=view)
    return order


# ---- the call queue -----------------------------------------------------------------------------------------

@merchant_required("orders.manage")
def call_queue(request: HttpRequest) -> HttpResponse:
    """COD orders waiting for their call, the next action first, each with its phone's risk [COD-RISK]."""
    if request.method == "POST":
        order = services.call_next(merchant=request.merchant, user=request.user)
        if order is None:
            messages.info(request, _("Nobody is waiting for a call."))
            return redirect("dashboard:call_queue")
        return redirect("dashboard:call_detail", number=order.number)
    page = selectors.queue_page(request.merchant, page=request.GET.get("page", 1))
    risks = selectors.phone_risks(request.merchant, [o.phone for o in page.object_list])
    rows = [{"order": o, "risk": risks.get(o.phone), "holder": selectors.claim_holder(getattr(o, "call_task", None))}
            for o in page.object_list]
    return render(request, "dashboard/fulfilment/call_queue.html", {"page_obj": page, "rows": rows})


@merchant_required("orders.manage")
def call_detail(request: HttpRequest, number: str) -> HttpResponse:
    """One order's call: take it, record what the customer said, or give it back."""
    order = _own_order(request, number, view="call_detail")
    form = CallOutcomeForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "claim":
                services.call_claim(order=order, user=request.user)
            elif action == "release":
                services.call_release(order=order, user=request.user)
                return redirect("dashboard:call_queue")
            else:
                form = CallOutcomeForm(request.POST)
                if form.is_valid():
                    task = services.call_outcome_record(
                        order=order, user=request.user, outcome=form.cleaned_data["outcome"],
                        note=form.cleaned_data["note"], call_back_at=form.cleaned_data["call_back_at"])
                    messages.success(request, _("Call recorded: %(outcome)s.") % {
                        "outcome": task.get_last_outcome_display()})
                    return redirect("dashboard:call_queue")
        except DomainError as exc:
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                messages.error(request, exc.message)
        if not form.errors:
            return redirect("dashboard:call_detail", number=order.number)
    task = selectors.call_task(order)
    holder = selectors.claim_holder(task)
    return render(request, "dashboard/fulfilment/call_detail.html", {
        "order": order, "task": task, "holder": holder, "mine": holder is not None and holder.pk == request.user.pk,
        "form": form, "risk": selectors.phone_risk(request.merchant, order.phone),
        "history": selectors.call_history(order), "waiting": order.status == "placed" and order.payment_method == "cod",
    }, status=400 if form.errors else 200)


# ---- carriers -----------------------------------------------------------------------------------------------

@merchant_required("orders.manage")
def carriers(request: HttpRequest) -> HttpResponse:
    """The store's carriers: add one from the reference list or its own, switch one off or on."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "toggle":
                raw = request.POST.get("carrier_id", "")
                carrier = selectors.merchant_carrier(request.merchant, pk=int(raw)) if raw.isdigit() and \
                    len(raw) < 18 else None
                if carrier is None:
                    raise Http404(_("No such carrier in your store."))
                services.carrier_set_active(carrier=carrier, active=not carrier.active)
            else:
                services.carrier_add(merchant=request.merchant, reference_code=request.POST.get("reference_code", ""),
                                     name=request.POST.get("name", ""))
                messages.success(request, _("Carrier added."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("dashboard:carriers")
    mine = selectors.merchant_carriers(request.merchant)
    taken = {c.reference_code for c in mine}
    return render(request, "dashboard/fulfilment/carriers.html", {
        "carriers": mine, "reference": [c for c in reference_carriers() if c.code not in taken],
    })


# ---- shipments ----------------------------------------------------------------------------------------------

def _active_carriers(request: HttpRequest):
    return Carrier.objects.filter(merchant=request.merchant, active=True)


@merchant_required("orders.manage")
def shipment_list(request: HttpRequest) -> HttpResponse:
    """The store's parcels by status, and a carrier's status file to update many at once."""
    status = request.GET.get("status", "")
    status = status if status in ShipmentStatus.values else ""
    form = StatusFileForm(carriers=_active_carriers(request))
    report = None
    if request.method == "POST":
        form = StatusFileForm(request.POST, request.FILES, carriers=_active_carriers(request))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = status_files.status_file_apply(
                    carrier=form.cleaned_data["carrier"], name=upload.name,
                    data=upload.read(status_files.MAX_BYTES + 1), actor=request.user)
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                if report.errors:
                    messages.error(request, _("Nothing was changed: correct the rows below and send the file again."))
                else:
                    messages.success(request, _("%(applied)d parcels updated, %(skipped)d already up to date.") % {
                        "applied": report.applied, "skipped": report.skipped})
    page = selectors.shipment_page(request.merchant, status=status, page=request.GET.get("page", 1))
    return render(request, "dashboard/fulfilment/shipment_list.html", {
        "page_obj": page, "status": status, "statuses": ShipmentStatus.choices, "form": form, "report": report,
    }, status=400 if form.errors or (report and report.errors) else 200)


@merchant_required("orders.manage")
def order_shipment(request: HttpRequest, number: str) -> HttpResponse:
    """An order's parcel: create it with carrier and tracking number, then record its outcome or check it in."""
    order = _own_order(request, number, view="order_shipment")
    shipment = selectors.order_shipment(order)
    form = ShipmentForm(carriers=_active_carriers(request))
    outcome_form = ShipmentOutcomeForm(initial={"cash_collected": order.total})
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "create":
                form = ShipmentForm(request.POST, carriers=_active_carriers(request))
                if form.is_valid():
                    services.shipment_create(order=order, carrier=form.cleaned_data["carrier"], actor=request.user,
                                             tracking_number=form.cleaned_data["tracking_number"],
                                             hand_over=request.POST.get("hand_over", "1") == "1")
                    messages.success(request, _("Shipment created."))
            elif shipment is None:
                raise Http404(_("This order has no shipment."))
            elif action == "hand_over":
                services.shipment_hand_over(shipment=shipment, actor=request.user)
            elif action == "check_in":
                services.shipment_check_in(shipment=shipment, actor=request.user)
                messages.success(request, _("Parcel checked in: its stock is back."))
            else:
                outcome_form = ShipmentOutcomeForm(request.POST)
                if outcome_form.is_valid():
                    services.shipment_outcome(shipment=shipment, outcome=request.POST.get("outcome", ""),
                                              actor=request.user, note=outcome_form.cleaned_data["note"],
                                              cash_collected=outcome_form.cleaned_data["cash_collected"])
                    messages.success(request, _("Outcome recorded."))
        except DomainError as exc:
            messages.error(request, exc.message)
        if not form.errors and not outcome_form.errors:
            return redirect("dashboard:order_shipment", number=order.number)
    return render(request, "dashboard/fulfilment/order_shipment.html", {
        "order": order, "shipment": shipment, "form": form, "outcome_form": outcome_form,
        "has_carriers": _active_carriers(request).exists(),
        "risk": selectors.phone_risk(request.merchant, order.phone),
    }, status=400 if form.errors or outcome_form.errors else 200)


@merchant_required("orders.manage")
def shipment_label(request: HttpRequest, number: str) -> HttpResponse:
    """The printable label (PDF) of an order's parcel, in the page's language."""
    order = _own_order(request, number, view="shipment_label")
    shipment = selectors.order_shipment(order)
    if shipment is None:
        raise Http404(_("This order has no shipment."))
    shipment.order = order
    pdf = shipment_label_pdf(shipment, language=get_language() or "fr")
    return pdf_response(pdf, f"label-{shipment.tracking_number}.pdf")

