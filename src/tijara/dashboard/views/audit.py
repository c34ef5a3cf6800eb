"""Platform staff pages: the security audit trail [SEC-AUDIT-CHAIN] and the incident register with its
DGSSI and customer notifications [SEC-INCIDENT-REGISTER] [SEC-INCIDENT-DGSSI] [SEC-INCIDENT-CUSTOMERS]."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.audit import incidents, selectors
from tijara.audit.incidents import IncidentError
from tijara.dashboard.access import platform_required
from tijara.dashboard.forms_audit import (
    AuditFilterForm,
    CloseIncidentForm,
    CustomersNotifiedForm,
    DgssiNotifiedForm,
    IncidentForm,
)


@platform_required("audit.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    try:
        page_number = max(1, min(int(request.GET.get("page", 1)), 10**6))
    except ValueError:
        page_number = 1
    page = selectors.audit_page(event=filters.get("event") or "", merchant_id=filters.get("merchant"),
                                actor_id=filters.get("actor"), page=page_number)
    records = list(page.object_list)
    actors = selectors.actor_labels(records)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dashboard/audit/log.html", {
        "form": form, "page": page, "rows": [(r, actors.get(r.actor_id, r.actor_id or "")) for r in records],
        "query": query.urlencode(),
    })


def _with_deadlines(incident) -> dict:  # noqa: ANN001
    return {"incident": incident, "deadlines": incidents.incident_deadlines(incident)}


@platform_required("incidents.manage")
def incident_list(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None, initial={"detected_at": timezone.localtime().replace(second=0,
                                                                                                   microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            incident = incidents.incident_open(actor=request.user, **form.cleaned_data)
        except IncidentError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Incident %(reference)s recorded.") % {"reference": incident.reference})
            return redirect("dashboard:incident_detail", incident_id=incident.pk)
    return render(request, "dashboard/audit/incidents.html", {
        "form": form, "rows": [_with_deadlines(i) for i in selectors.incidents_all()],
    })


def _incident(incident_id: int):  # noqa: ANN202
    incident = selectors.incident_get(incident_id=incident_id)
    if incident is None:
        raise Http404(_("No such incident."))
    return incident


@platform_required("incidents.manage")
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = _incident(incident_id)
    now = timezone.localtime().replace(second=0, microsecond=0)
    forms = {"dgssi_form": DgssiNotifiedForm(initial={"notified_at": now}),
             "customers_form": CustomersNotifiedForm(initial={"notified_at": now}),
             "close_form": CloseIncidentForm()}
    if request.method == "POST":
        step = request.POST.get("step", "")
        handlers = {
            "dgssi": ("dgssi_form", DgssiNotifiedForm, incidents.incident_notify_dgssi),
            "customers": ("customers_form", CustomersNotifiedForm, incidents.incident_notify_customers),
            "close": ("close_form", CloseIncidentForm, incidents.incident_close),
        }
        if step not in handlers:
            messages.error(request, _("Unknown step."))
            return redirect("dashboard:incident_detail", incident_id=incident.pk)
        key, form_class, service = handlers[step]
        form = forms[key] = form_class(request.POST)
        if form.is_valid():
            try:
                service(incident=incident, actor=request.user, **form.cleaned_data)
            except IncidentError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Recorded."))
                return redirect("dashboard:incident_detail", incident_id=incident.pk)
    return render(request, "dashboard/audit/incident_detail.html", {**_with_deadlines(incident), **forms})

