"""The store's delivery methods and their fees by city or region: what checkout offers and charges."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.core.errors import NotFound
from tijara.dashboard.access import merchant_required
from tijara.dashboard.forms import ShippingMethodForm, ZoneFeeFormSet
from tijara.shipping import selectors as shipping_selectors
from tijara.shipping import services as shipping_services
from tijara.shipping.models import ShippingMethod


def _shipping_form_page(request: HttpRequest, method: ShippingMethod | None = None) -> HttpResponse:
    """Create or edit a delivery method and its fees by city or region (what checkout charges)."""
    if request.method == "POST":
        form = ShippingMethodForm(request.POST)
        zones = ZoneFeeFormSet(request.POST, prefix="zones")
        if form.is_valid() and zones.is_valid():
            data = form.cleaned_data
            try:
                saved = shipping_services.shipping_method_save(
                    actor=request.membership, method_id=method.pk if method else None, kind=data["kind"],
                    names=form.names(), base_fee=data["base_fee"], free_above=data["free_above"],
                    delivery_days_min=data["delivery_days_min"], delivery_days_max=data["delivery_days_max"],
                    is_active=data["is_active"], position=data["position"], zone_fees=zones.zone_fees(),
                )
            except shipping_services.ShippingMethodNotFound as exc:
                raise Http404(exc.message) from exc
            except shipping_services.ShippingError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
            else:
                messages.success(request, _("Delivery method saved."))
                return redirect("dashboard:shipping_method_edit", method_id=saved.pk)
    elif method is None:
        form = ShippingMethodForm()
        zones = ZoneFeeFormSet(prefix="zones")
    else:
        form = ShippingMethodForm(initial=ShippingMethodForm.initial_of(method))
        zones = ZoneFeeFormSet(prefix="zones", initial=[
            {"city": z.city_id, "region": z.region_id, "fee": z.fee} for z in method.zone_fees.all()])
    return render(request, "dashboard/shipping_form.html", {"form": form, "zones": zones, "method": method})


def _own_shipping_method(request: HttpRequest, method_id: int) -> ShippingMethod:
    try:
        return shipping_selectors.shipping_method(request.merchant, method_id)
    except NotFound as exc:
        raise Http404(_("No such delivery method in your store.")) from exc


@merchant_required("settings.edit")
def shipping_method_create(request: HttpRequest) -> HttpResponse:
    return _shipping_form_page(request)


@merchant_required("settings.edit")
def shipping_method_edit(request: HttpRequest, method_id: int) -> HttpResponse:
    return _shipping_form_page(request, _own_shipping_method(request, method_id))


@merchant_required("settings.edit")
@require_POST
def shipping_method_delete(request: HttpRequest, method_id: int) -> HttpResponse:
    try:
        shipping_services.shipping_method_delete(actor=request.membership, method_id=method_id)
    except shipping_services.ShippingMethodNotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("Delivery method deleted."))
    return redirect("dashboard:settings")
