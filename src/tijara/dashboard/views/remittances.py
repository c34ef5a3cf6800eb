"""Carrier cash remittances in the back-office: upload a file, watch it being checked, read the preview row by row,
accept or discard it, watch it being applied; each carrier's ledger (owner and manager: money received)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tijara.core.errors import DomainError, NotFound
from tijara.dashboard.access import merchant_required
from tijara.fulfilment.models import Carrier
from tijara.remittances import selectors, services, tasks
from tijara.remittances.models import ImportStatus
from tijara.remittances.reasons import failure_reason, row_reason

ACTION = "payments.manage"
MAX_BYTES = 8 * 1024 * 1024


class RemittanceUploadForm(forms.Form):
    carrier = forms.ModelChoiceField(queryset=Carrier.objects.none(), label=gettext_lazy("Carrier"))
    file = forms.FileField(label=gettext_lazy("Remittance file (CSV or XLSX)"),
                           help_text=gettext_lazy("Columns: tracking or order number, amount collected, fee, date."))

    def __init__(self, *args, merchant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].queryset = Carrier.objects.filter(merchant=merchant, active=True).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 8 MB)."))
        return upload


@merchant_required(ACTION)
def remittances(request: HttpRequest) -> HttpResponse:
    """The carriers' balances, the latest imports, and the upload form."""
    form = RemittanceUploadForm(request.POST or None, request.FILES or None, merchant=request.merchant)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.remittance_upload(merchant=request.merchant, carrier_id=form.cleaned_data["carrier"].pk,
                                               actor=request.user, name=upload.name, data=upload.read())
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
        else:
            tasks.remittance_check_queue(batch.pk)
            return redirect("dashboard:remittance_detail", import_id=batch.pk)
    return render(request, "dashboard/remittances/index.html", {
        "form": form, "balances": selectors.carrier_balances(request.merchant),
        "imports": selectors.import_list(request.merchant),
    })


def _own_import(request: HttpRequest, import_id: int):
    try:
        return selectors.import_get(request.merchant, import_id)
    except NotFound as exc:
        raise Http404(_("No such remittance import.")) from exc


@merchant_required(ACTION)
def remittance_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """Progress while a job runs (the page reloads itself), then the preview or the outcome."""
    batch = _own_import(request, import_id)
    context = {"batch": batch, "running": batch.status in (ImportStatus.CHECKING, ImportStatus.APPLYING),
               "percent": int(batch.progress_done * 100 / batch.progress_total) if batch.progress_total else 0}
    if batch.status == ImportStatus.FAILED:
        context["failure"] = failure_reason(batch)
    if not context["running"]:
        preview = selectors.import_preview(request.merchant, batch)
        for row in preview.flagged + preview.matches:
            row.reason = row_reason(row)
        context["preview"] = preview
    return render(request, "dashboard/remittances/detail.html", context)


@merchant_required(ACTION)
@require_POST
def remittance_accept(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = _own_import(request, import_id)
    try:
        services.remittance_accept(merchant=request.merchant, batch_id=batch.pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        tasks.remittance_apply_queue(batch.pk)
    return redirect("dashboard:remittance_detail", import_id=batch.pk)


@merchant_required(ACTION)
@require_POST
def remittance_discard(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = _own_import(request, import_id)
    try:
        services.remittance_discard(merchant=request.merchant, batch_id=batch.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import was discarded: nothing was applied."))
    return redirect("dashboard:remittances")


@merchant_required(ACTION)
def carrier_ledger(request: HttpRequest, carrier_id: int) -> HttpResponse:
    """What one carrier still owes, parcel by parcel, oldest first, and its fees (costs) by month."""
    try:
        ledger = selectors.carrier_ledger(request.merchant, carrier_id)
    except NotFound as exc:
        raise Http404(_("No such carrier in your store.")) from exc
    return render(request, "dashboard/remittances/ledger.html", {"ledger": ledger, "carrier": ledger.balance.carrier})
