"""The store's settings page (identity, logo, policies, its delivery methods) and its bank details."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.dashboard.access import merchant_required
from tijara.dashboard.checklist import publishing_checklist
from tijara.merchants import services
from tijara.merchants.forms import BankForm, SettingsForm
from tijara.merchants.permissions import membership_can
from tijara.shipping import selectors as shipping_selectors


@merchant_required("settings.edit")
def store_settings(request: HttpRequest) -> HttpResponse:
    merchant = request.merchant
    form = SettingsForm(request.POST or None, request.FILES or None, instance=merchant)
    if request.method == "POST" and form.is_valid():
        try:
            services.merchant_settings_update(actor=request.membership, values=form.cleaned_data)
        except services.MerchantError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("dashboard:settings")
    can_bank = membership_can(request.membership, "bank.edit")
    return render(request, "dashboard/settings.html", {
        "form": form, "can_bank": can_bank, "shipping_methods": shipping_selectors.shipping_methods(merchant),
        "checklist": publishing_checklist(merchant),
        "bank_form": BankForm(initial={"rib": merchant.rib}) if can_bank else None,
    })


@merchant_required("bank.edit")
@require_POST
def bank_settings(request: HttpRequest) -> HttpResponse:
    form = BankForm(request.POST)
    if form.is_valid():
        services.merchant_bank_update(actor=request.membership, rib=form.cleaned_data["rib"])
        messages.success(request, _("Bank details saved."))
    else:
        messages.error(request, " ".join(form.errors.get("rib", [])))
    return redirect("dashboard:settings")
