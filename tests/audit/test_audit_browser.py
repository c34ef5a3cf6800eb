"""In Chromium, in Arabic then French: a platform admin records an incident touching customers, sees the DGSSI
deadline, records the DGSSI notification, and finds every step in the audit trail [SEC-INCIDENT-REGISTER]
[SEC-INCIDENT-DGSSI] [SEC-AUDIT-CHAIN]. Screenshots of both pages in both languages."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tijara.accounts.models import User
from tijara.audit.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_keeps_the_incident_register_and_reads_the_trail(live_server, page, screenshot_dir, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    admin = User.objects.create_user("admin@tijara.ma", "a long enough pass 42", is_staff=True)
    client = Client()
    client.force_login(admin)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    base = live_server.url

    page.goto(f"{base}/ar/dashboard/incidents/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.fill("#id_title", "تسريب ملف تصدير")
    page.fill("#id_description", "An export of orders was e-mailed to the wrong address.")
    page.select_option("#id_severity", "high")
    page.fill("#id_detected_at", (timezone.localtime() - dt.timedelta(hours=30)).strftime("%Y-%m-%dT%H:%M"))
    page.check("#id_customers_affected")
    with page.expect_navigation():
        page.get_by_role("button", name="تسجيل الحادث").click()
    incident = Incident.objects.get()
    assert page.locator("strong.error").count() == 1  # the DGSSI deadline (24 h) has passed: flagged as late
    page.screenshot(path=str(screenshot_dir / "incident-ar.png"), full_page=True)

    page.goto(f"{base}/fr/dashboard/incidents/{incident.pk}/")
    page.fill("#id_reference", "MACERT-2026-0042")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la notification à la DGSSI").click()
    assert "MACERT-2026-0042" in page.content()
    page.screenshot(path=str(screenshot_dir / "incident-fr.png"), full_page=True)

    for lang in ("fr", "ar"):
        page.goto(f"{base}/{lang}/dashboard/audit/")
        assert page.locator("table.dash-table tbody tr").count() == 2  # opened, then notified
        page.screenshot(path=str(screenshot_dir / f"audit-log-{lang}.png"), full_page=True)
    assert "admin@tijara.ma" in page.content()
