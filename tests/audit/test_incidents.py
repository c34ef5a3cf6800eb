"""The incident register and its law 05-20 notifications, for platform admins only [SEC-INCIDENT-REGISTER]
[SEC-INCIDENT-DGSSI] [SEC-INCIDENT-CUSTOMERS]."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from tests.dashboard.conftest import client_for
from tijara.accounts.models import User
from tijara.audit.events import AuditEvent
from tijara.audit.incidents import (
    IncidentError,
    incident_close,
    incident_deadlines,
    incident_notify_dgssi,
    incident_open,
)
from tijara.audit.models import AuditRecord, Incident
from tijara.audit.verify import chain_verify

pytestmark = pytest.mark.django_db
FORM_TIME = "%Y-%m-%dT%H:%M"


@pytest.fixture
def admin_user(db):
    return User.objects.create_user("admin@tijara.ma", "a long enough pass 42", is_staff=True)


def _open(admin_user, *, hours_ago: float = 1, customers: bool = True, significant: bool = False) -> Incident:
    return incident_open(actor=admin_user, title="Leaked export", description="An export went to the wrong inbox.",
                         severity="high", detected_at=timezone.now() - dt.timedelta(hours=hours_ago),
                         significant=significant, customers_affected=customers, personal_data_affected=True)


def test_deadlines_run_from_detection_and_follow_the_settings(admin_user, settings):
    settings.TIJARA_INCIDENT_DGSSI_HOURS, settings.TIJARA_INCIDENT_CUSTOMERS_HOURS = 24, 72
    incident = _open(admin_user, hours_ago=30)
    deadlines = incident_deadlines(incident)
    assert deadlines.dgssi_due == incident.detected_at + dt.timedelta(hours=24) and deadlines.dgssi_overdue
    assert deadlines.customers_due == incident.detected_at + dt.timedelta(hours=72)
    assert not deadlines.customers_overdue
    settings.TIJARA_INCIDENT_DGSSI_HOURS = 48
    assert not incident_deadlines(incident).dgssi_overdue
    minor = _open(admin_user, customers=False, significant=False)
    assert incident_deadlines(minor).dgssi_due is None  # neither significant nor touching customers


def test_an_incident_cannot_close_before_its_notifications(admin_user):
    incident = _open(admin_user, hours_ago=30)
    with pytest.raises(IncidentError) as refused:
        incident_close(incident=incident, actor=admin_user, resolution="Access revoked.")
    assert refused.value.field == "resolution"
    with pytest.raises(IncidentError):  # notified before the incident was even known
        incident_notify_dgssi(incident=incident, actor=admin_user, reference="MACERT-1",
                              notified_at=incident.detected_at - dt.timedelta(hours=1))
    notified = incident_notify_dgssi(incident=incident, actor=admin_user, reference="MACERT-1",
                                     notified_at=timezone.now())
    assert AuditRecord.objects.get(event=AuditEvent.INCIDENT_NOTIFIED).data == {
        "to": "dgssi", "reference": "MACERT-1", "late": True}  # 30 h after detection, past the 24 h
    with pytest.raises(IncidentError):  # customers not told yet
        incident_close(incident=notified, actor=admin_user, resolution="Access revoked.")


def test_the_whole_workflow_in_the_back_office(admin_user):
    client = client_for(admin_user)
    detected = timezone.localtime() - dt.timedelta(hours=2)
    response = client.post(reverse("dashboard:incidents"), {
        "title": "Stolen staff password", "description": "A reviewer's password was phished.", "severity": "critical",
        "detected_at": detected.strftime(FORM_TIME), "significant": "on", "customers_affected": "on"})
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/incidents/{incident.pk}/")
    page = client.get(reverse("dashboard:incident_detail", args=[incident.pk])).content.decode()
    assert incident.reference in page and "DGSSI" in page
    url = reverse("dashboard:incident_detail", args=[incident.pk])
    now = timezone.localtime().strftime(FORM_TIME)
    assert client.post(url, {"step": "close", "resolution": "Reset."}).status_code == 200  # refused, shown
    client.post(url, {"step": "dgssi", "notified_at": now, "reference": "MACERT-2026-17"})
    client.post(url, {"step": "customers", "notified_at": now, "notice": "Changez votre mot de passe."})
    client.post(url, {"step": "close", "resolution": "Password reset, sessions closed."})
    incident.refresh_from_db()
    assert incident.dgssi_reference == "MACERT-2026-17" and incident.customers_notified_at and incident.closed_at
    events = list(AuditRecord.objects.order_by("sequence").values_list("event", flat=True))
    assert events == ["incident_opened", "incident_notified", "incident_notified", "incident_closed"]
    assert chain_verify().ok
    listing = client.get(reverse("dashboard:incidents")).content.decode()
    assert incident.reference in listing


@pytest.mark.parametrize("bad", [{"detected_at": "2999-01-01T00:00"}, {"severity": "apocalyptic"},
                                 {"detected_at": "yesterday"}, {"title": ""}])
def test_bad_input_is_answered_on_the_form_not_with_an_error_page(admin_user, bad):
    data = {"title": "x", "description": "y", "severity": "low", "detected_at": "2026-01-01T10:00", **bad}
    response = client_for(admin_user).post(reverse("dashboard:incidents"), data)
    assert response.status_code == 200 and not Incident.objects.exists()


def test_only_platform_admins_keep_the_register_and_read_the_trail(admin_user):
    reviewer = User.objects.create_user("reviewer@tijara.ma", "a long enough pass 42", is_staff=True)
    reviewer.groups.add(Group.objects.get_or_create(name="platform_reviewer")[0])
    for name in ("dashboard:incidents", "dashboard:audit_log"):
        assert client_for(reviewer).get(reverse(name)).status_code == 403
        assert client_for(admin_user).get(reverse(name)).status_code == 200
