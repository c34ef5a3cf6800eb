"""What each store is owed: the platform staff's payout pages (balances, payouts, statements, the bank transfer
file) and a store's own ledger page in its back-office (owner and manager)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tijara.core.i18n import current_language
from tijara.core.views import pdf_response
from tijara.dashboard.access import merchant_required, platform_required
from tijara.ledger import selectors, services
from tijara.ledger.documents import statement_pdf, transfer_csv
from tijara.ledger.errors import PayoutError
from tijara.merchants import selectors as merchant_selectors

DATE = forms.DateInput(attrs={"type": "date"})


class PayoutForm(forms.Form):
    period_start = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    period_end = forms.DateField(label=gettext_lazy("To (inclusive)"), widget=DATE)


class MarkPaidForm(forms.Form):
    bank_reference = forms.CharField(label=gettext_lazy("Bank reference of the transfer"), max_length=60)


def _pdf(payout) -> HttpResponse:
    lang = current_language()
    body = statement_pdf(selectors.statement(payout=payout), lang=lang)
    return pdf_response(body, f"statement-{payout.reference}.pdf", download=True)


def _suggested_period(last_end: dt.date | None) -> dict:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    start = last_end + dt.timedelta(days=1) if last_end else yesterday.replace(day=1)
    return {"period_start": min(start, yesterday), "period_end": yesterday}


@platform_required("payouts.manage")
def payout_balances(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/payout_balances.html", {
        "rows": selectors.balances(), "drafts": selectors.draft_payouts(),
    })


@platform_required("payouts.manage")
def payout_merchant(request: HttpRequest, merchant_id: int) -> HttpResponse:
    merchant = merchant_selectors.review_detail(merchant_id=merchant_id)
    if merchant is None:
        raise Http404(_("No such store."))
    payouts = selectors.payouts_of(merchant_id=merchant.pk)
    form = PayoutForm(request.POST or None,
                      initial=_suggested_period(payouts[0].period_end if payouts else None))
    if request.method == "POST" and form.is_valid():
        try:
            payout = services.payout_create(merchant=merchant, period_start=form.cleaned_data["period_start"],
                                            period_end=form.cleaned_data["period_end"], actor=request.user)
        except PayoutError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Payout %(reference)s created.") % {"reference": payout.reference})
            return redirect("dashboard:payout_merchant", merchant_id=merchant.pk)
    return render(request, "dashboard/payout_merchant.html", {
        "store": merchant, "form": form, "payouts": payouts, "paid_form": MarkPaidForm(),
        "summary": selectors.ledger_summary(merchant_id=merchant.pk),
        "entries": selectors.ledger_entries(merchant_id=merchant.pk),
    })


@platform_required("payouts.manage")
def payout_statement(request: HttpRequest, payout_id: int) -> HttpResponse:
    payout = selectors.payout_get(payout_id=payout_id)
    if payout is None:
        raise Http404(_("No such payout."))
    return _pdf(payout)


@platform_required("payouts.manage")
@require_POST
def payout_mark_paid(request: HttpRequest, payout_id: int) -> HttpResponse:
    payout = selectors.payout_get(payout_id=payout_id)
    if payout is None:
        raise Http404(_("No such payout."))
    form = MarkPaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the bank's reference of the transfer."))
    else:
        try:
            services.payout_mark_paid(payout=payout, actor=request.user,
                                      bank_reference=form.cleaned_data["bank_reference"])
        except PayoutError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Payout %(reference)s marked as paid.") % {"reference": payout.reference})
    return redirect("dashboard:payout_merchant", merchant_id=payout.merchant_id)


@platform_required("payouts.manage")
def payout_transfers(request: HttpRequest) -> HttpResponse:
    """The bank transfer file of every payout still to transfer."""
    response = HttpResponse(transfer_csv(selectors.draft_payouts()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="transfers-{timezone.localdate().isoformat()}.csv"'
    return response


@merchant_required("ledger.view")
def ledger(request: HttpRequest) -> HttpResponse:
    """The store's own account with the platform: balance, entries and payouts (its merchant only)."""
    merchant_id = request.merchant.pk
    return render(request, "dashboard/ledger.html", {
        "summary": selectors.ledger_summary(merchant_id=merchant_id),
        "entries": selectors.ledger_entries(merchant_id=merchant_id),
        "payouts": selectors.payouts_of(merchant_id=merchant_id),
    })


@merchant_required("ledger.view")
def ledger_statement(request: HttpRequest, payout_id: int) -> HttpResponse:
    payout = selectors.payout_of(merchant_id=request.merchant.pk, payout_id=payout_id)
    if payout is None:
        raise Http404(_("No such payout."))
    return _pdf(payout)
