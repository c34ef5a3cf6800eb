"""In Chromium, in French and Arabic: a guest withdraws from an order received 7 days ago (the last day: accepted)
and cannot from one received 8 days ago (the page shows the day the period ended); the merchant then sees the
refund overdue, refunds it, and the flag clears [CP-WITHDRAWAL-DEADLINE] [CP-WITHDRAWAL-FORM] [CP-REFUND-15-DAYS]."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import formats, timezone, translation

from tests.aftersale.conftest import deliver, place, store  # noqa: F401  (fixture)
from tests.dashboard.conftest import make_member
from tijara.aftersale.models import RefundDue, RefundDueStatus
from tijara.merchants.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough pass 42"
QUIET_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _received_days_ago(store, days: int, email: str):  # noqa: F811
    """An order delivered `days` days ago at noon, Casablanca time (the real clock: the browser keeps its own)."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    delivered = noon - dt.timedelta(days=days)
    with override_settings(TASKS=QUIET_TASKS):  # the placing and confirmation e-mails are not what is tested here
        return deliver(place(store, placed=delivered - dt.timedelta(days=5), email=email), at=delivered)


def _find(page, base: str, lang: str, order, email: str) -> None:
    page.goto(f"{base}/{lang}/orders/find/")
    page.fill("#number", order.number)
    page.fill("#email", email)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/orders/{order.number}/")


def test_day_7_accepted_day_8_refused_then_merchant_refunds(live_server, page, screenshot_dir, store):  # noqa: F811
    base = live_server.url
    for lang, direction in (("fr", "ltr"), ("ar", "rtl")):
        email = f"buyer-{lang}@example.ma"
        on_time = _received_days_ago(store, 7, email)
        too_late = _received_days_ago(store, 8, email)
        # Day 7: the order page links to the form; the whole order is withdrawn.
        _find(page, base, lang, on_time, email)
        assert page.locator("html").get_attribute("dir") == direction
        page.locator("[data-withdraw-link]").click()
        page.wait_for_url(f"**/{lang}/orders/{on_time.number}/withdraw/")
        page.screenshot(path=str(screenshot_dir / f"aftersale-withdraw-form-{lang}.png"), full_page=True)
        page.locator("button[name=scope][value=all]").click()
        page.wait_for_selector("[data-withdrawals]")
        assert page.locator("[data-refund-due]").count() == 1
        page.screenshot(path=str(screenshot_dir / f"aftersale-withdraw-accepted-{lang}.png"), full_page=True)
        # Day 8: no form, the day the period ended.
        _find(page, base, lang, too_late, email)
        page.goto(f"{base}/{lang}/orders/{too_late.number}/withdraw/")
        with translation.override(lang):
            ended = formats.date_format(timezone.localdate() - dt.timedelta(days=1), "DATE_FORMAT")
        closed = page.locator("[data-closed]")
        assert closed.is_visible() and ended in closed.inner_text()
        assert page.locator("button[name=scope]").count() == 0
        page.screenshot(path=str(screenshot_dir / f"aftersale-withdraw-refused-{lang}.png"), full_page=True)
    assert RefundDue.objects.count() == 2

    # Sixteen days later (the due day moved back instead of the clock): the merchant sees the flag and refunds.
    RefundDue.objects.update(due_on=timezone.localdate() - dt.timedelta(days=1))
    make_member(store["merchant"], Role.OWNER, email="owner@argania.ma")
    page.goto(f"{base}/ar/dashboard/login/")
    page.fill("#id_username", "owner@argania.ma")
    page.fill("#id_password", PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{base}/ar/dashboard/aftersale/")
    assert page.locator("[data-overdue]").count() == 2
    page.screenshot(path=str(screenshot_dir / "aftersale-dashboard-overdue-ar.png"), full_page=True)
    page.goto(f"{base}/fr/dashboard/aftersale/")
    page.screenshot(path=str(screenshot_dir / "aftersale-dashboard-overdue-fr.png"), full_page=True)
    first = page.locator("[data-overdue]").first
    due_id = int(first.get_attribute("data-due"))
    first.locator("input[name=reference]").fill("RECU-2026-0042")
    first.locator("[data-refund]").click()
    page.wait_for_selector(".message")
    assert page.locator(f"tr[data-due='{due_id}'][data-overdue]").count() == 0
    assert page.locator("[data-overdue]").count() == 1
    assert RefundDue.objects.get(pk=due_id).status == RefundDueStatus.SETTLED
    page.screenshot(path=str(screenshot_dir / "aftersale-dashboard-refunded-fr.png"), full_page=True)
