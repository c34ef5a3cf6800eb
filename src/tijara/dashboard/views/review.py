"""The platform's review queue: reviewers validate, reject or suspend stores (platform staff only)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tijara.dashboard.access import platform_required
from tijara.merchants import completeness, services
from tijara.merchants import selectors as merchant_selectors
from tijara.merchants.forms import DecisionForm
from tijara.merchants.models import MerchantStatus


@platform_required("merchants.review")
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", MerchantStatus.PENDING)
    if status not in MerchantStatus.values and status != "all":
        status = MerchantStatus.PENDING
    merchants = merchant_selectors.review_queue(status=None if status == "all" else status)
    return render(request, "dashboard/review_queue.html", {
        "merchants": merchants, "status": status, "statuses": MerchantStatus.choices,
    })


@platform_required("merchants.review")
def review_detail(request: HttpRequest, merchant_id: int) -> HttpResponse:
    merchant = merchant_selectors.review_detail(merchant_id=merchant_id)
    if merchant is None:
        raise Http404(_("No such store."))
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.merchant_decide(merchant=merchant, reviewer=request.user, action=form.cleaned_data["action"],
                                     reason=form.cleaned_data["reason"])
        except services.MerchantError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("dashboard:review_detail", merchant_id=merchant.pk)
    return render(request, "dashboard/review_detail.html", {
        "store": merchant, "form": form, "gaps": completeness.missing_labels(merchant)})


@platform_required("merchants.review")
def identity_gaps(request: HttpRequest) -> HttpResponse:
    """Validated stores whose seller identity has gaps [CP-SHOP-COMPLETE]: they stay online (nothing is
    unpublished behind their back) but publish nothing new until complete; staff follow them up from here."""
    return render(request, "dashboard/identity_gaps.html", {"stores": completeness.stores_with_gaps()})
