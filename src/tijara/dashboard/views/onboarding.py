"""Step 2 of joining: the company's legal identity, saved as a draft or submitted for review."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tijara.merchants import selectors as merchant_selectors
from tijara.merchants import services
from tijara.merchants.forms import CompanyForm
from tijara.merchants.models import MerchantApplication, MerchantStatus


def onboarding(request: HttpRequest) -> HttpResponse:
    """Step 2: the company. 'Save draft' keeps whatever is typed; 'Submit' validates everything."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('dashboard:login')}?next={request.path}")
    application, _created = MerchantApplication.objects.get_or_create(user=request.user)
    merchant = application.merchant
    if merchant is not None and merchant.status != MerchantStatus.REJECTED:
        return redirect("dashboard:home")
    if merchant_selectors.membership_for_user(request.user) is not None and merchant is None:
        return redirect("dashboard:home")  # joined a team by invitation
    if request.method == "POST":
        form = CompanyForm(request.POST, instance=merchant)
        if "save_draft" in request.POST:
            services.application_save_draft(user=request.user, data=request.POST.dict())
            messages.success(request, _("Your answers are saved: you can come back and finish later."))
            return redirect("dashboard:onboarding")
        if form.is_valid():
            try:
                services.application_submit(user=request.user, company=form.cleaned_data)
            except services.MerchantError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Thank you! Your store is submitted; a reviewer will check it."))
                return redirect("dashboard:home")
    else:
        form = CompanyForm(initial=application.data, instance=merchant)
    rejection = merchant_selectors.latest_decision(merchant=merchant) if merchant else None
    return render(request, "dashboard/onboarding.html", {
        "form": form, "application": application, "rejection": rejection,
    })
