"""Platform staff: the queue of data-subject requests with their 10-day timer, and the processing register
[DP-DSR-TIMER] [DP-REGISTER]. Opening a request shows a person's address: that read is logged [DP-STAFF-READS]."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record, request_ip
from tijara.core.errors import DomainError
from tijara.dashboard.access import platform_staff_required
from tijara.dataprotection import selectors, services
from tijara.dataprotection.models import DataRequest, RequestKind
from tijara.dataprotection.register import register_context
from tijara.privacy.selectors import notice_current
from tijara.privacy.services import notice_record
from tijara.privacy.subjects import subject_key


@platform_staff_required
def privacy_requests(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    rows = list(selectors.requests_queue(include_closed=show_all)[:500])
    return render(request, "dashboard/privacy/requests.html", {
        "rows": rows, "show_all": show_all, "overdue": selectors.requests_overdue_count()})


@platform_staff_required
def privacy_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    row = DataRequest.objects.filter(pk=request_id).select_related("handled_by").first()
    if row is None:
        raise Http404(_("No such request."))
    audit_record(AuditEvent.PERSONAL_DATA_VIEWED, actor=request.user, target=f"data-request:{row.pk}",
                 data={"view": "privacy_request"}, ip=request_ip(request))
    return render(request, "dashboard/privacy/request_detail.html", {"row": row, "erasure": RequestKind.ERASURE})


@platform_staff_required
@require_POST
def privacy_request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    row = DataRequest.objects.filter(pk=request_id).first()
    if row is None:
        raise Http404(_("No such request."))
    try:
        if request.POST.get("action") == "erase":
            services.erasure_run(request=row, actor=request.user, ip=request_ip(request))
        else:
            services.request_answer(request=row, actor=request.user, outcome=request.POST.get("outcome", ""),
                                    refused=request.POST.get("action") == "refuse")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The request is answered."))
    return redirect("dashboard:privacy_request", request_id=row.pk)


@platform_staff_required
def privacy_register(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("lang") or translation.get_language()
    language = language if language in ("fr", "ar") else "fr"
    with translation.override(language):
        context = register_context()
    return render(request, "dashboard/privacy/register.html", {"r": context, "register_language": language})


def customer_data_viewed(request: HttpRequest, *, email: str, view: str) -> None:
    """Log a staff read of a customer's personal data: who (actor), when, what (view, store, and the person as
    a keyed hash, so the trail itself names nobody once the person is erased) [DP-STAFF-READS]."""
    merchant = getattr(request, "merchant", None)
    audit_record(AuditEvent.PERSONAL_DATA_VIEWED, actor=request.user, merchant_id=merchant.pk if merchant else None,
                 target=f"customer:{subject_key(email)[:16]}", data={"view": view}, ip=request_ip(request))


def notice_collected(*, form: str, merchant_id: int | None, reference: str) -> None:
    """Keep the notice version a back-office form collected under, with a reference (never the data) [DP-NOTICE]."""
    notice_record(notice=notice_current(merchant_id, form), reference=reference)
