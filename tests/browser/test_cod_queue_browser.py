"""In Chromium, in French and in Arabic: a staff member works the confirmation queue (no answer, then
confirmed), ships the order with a label and marks it delivered [COD-CALL-CLAIM] [COD-SHIPMENT]."""

import pytest
from django.test import Client

from tests.dashboard.conftest import make_member, make_order
from tests.factories import make_category, make_merchant, make_product
from tijara.fulfilment.models import CallAttempt, Shipment
from tijara.fulfilment.services import carrier_add
from tijara.merchants.models import Role
from tijara.orders.models import Order
from tijara.payments.models import Payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, base: str, user, lang: str):
    """A browser tab with the user's session (signing in itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar-MA" if lang == "ar" else "fr-FR")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return context, tab


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_staff_confirms_ships_and_delivers_a_cod_order(live_server, browser, screenshot_dir, lang):
    store = make_merchant(name="Argania", slug=f"argania-{lang}")
    product = make_product(store, category=make_category(f"beaute-{lang}"))
    staff = make_member(store, Role.STAFF, email=f"staff-{lang}@example.ma")
    order = make_order(store, number=f"ARG{lang.upper()}-000001", product=product)
    Payment.objects.create(merchant=store, order=order, provider="cod", status="pending", amount=order.total)
    carrier_add(merchant=store, reference_code="amana-barid-al-maghrib-poste-maroc")
    base = live_server.url
    context, page = signed_in(browser, base, staff, lang)
    try:
        # The queue, then the first call: nobody answers.
        page.goto(f"{base}/{lang}/dashboard/calls/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.locator(f"tr[data-order='{order.number}']").count() == 1
        page.screenshot(path=str(screenshot_dir / f"cod-queue-{lang}.png"), full_page=True)
        page.click("[data-call-next]")
        page.wait_for_url(f"**/{lang}/dashboard/calls/{order.number}/")
        page.check("input[name=outcome][value=no_answer]")
        page.fill("textarea[name=note]", "messagerie")
        page.click(".call-form button[type=submit]")
        page.wait_for_url(f"**/{lang}/dashboard/calls/")
        # Later, the customer answers and confirms.
        page.click(f"tr[data-order='{order.number}'] a")
        page.click("[data-claim]")
        page.wait_for_selector(".call-form")
        page.screenshot(path=str(screenshot_dir / f"cod-call-{lang}.png"), full_page=True)
        page.check("input[name=outcome][value=confirmed]")
        page.click(".call-form button[type=submit]")
        page.wait_for_url(f"**/{lang}/dashboard/calls/")
        assert list(CallAttempt.objects.filter(task__order=order).values_list("outcome", flat=True)) == [
            "no_answer", "confirmed"]
        assert Order.objects.get(pk=order.pk).status == "confirmed"
        # Ship it with the carrier; the label is a PDF.
        page.goto(f"{base}/{lang}/dashboard/orders/{order.number}/shipment/")
        page.click(".ship-form button[value='1']")
        page.wait_for_selector("[data-tracking]")
        tracking = page.inner_text("[data-tracking]")
        label = page.request.get(base + page.locator("[data-label]").get_attribute("href"))
        assert label.status == 200 and label.headers["content-type"] == "application/pdf"
        assert label.body().startswith(b"%PDF")
        page.screenshot(path=str(screenshot_dir / f"cod-shipment-{lang}.png"), full_page=True)
        # The carrier delivered it and collected the cash.
        page.click("button[name=outcome][value=delivered]")
        page.wait_for_selector("[data-shipment-status=delivered]")
        shipment = Shipment.objects.get(order=order)
        assert shipment.tracking_number == tracking and shipment.cash_collected == order.total
        assert Order.objects.get(pk=order.pk).status == "delivered"
        assert Payment.objects.get(order=order).status == "captured"
        # The parcel list (with the carrier's status file form) and the carriers, for the record.
        page.goto(f"{base}/{lang}/dashboard/shipments/")
        assert page.locator("table.shipments tbody tr").count() == 1
        page.screenshot(path=str(screenshot_dir / f"cod-shipments-{lang}.png"), full_page=True)
        page.goto(f"{base}/{lang}/dashboard/carriers/")
        page.screenshot(path=str(screenshot_dir / f"cod-carriers-{lang}.png"), full_page=True)
    finally:
        context.close()
