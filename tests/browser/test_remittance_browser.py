"""In Chromium, in French and in Arabic: the owner imports a carrier's remittance file with one mismatch, reads
the preview (the mismatched row flagged with both amounts, nothing received yet), accepts the rest, and the
carrier's ledger still owes the mismatched parcel; the home page shows delivery and refusal rates
[COD-REMIT-PREVIEW] [COD-REMIT-LEDGER]."""

import pytest

from tests.browser.test_cod_queue_browser import signed_in
from tests.dashboard.conftest import make_member
from tests.factories import make_merchant
from tests.remittances.conftest import TODAY, csv_file, make_carrier, parcel
from tijara.fulfilment.models import ShipmentStatus
from tijara.merchants.models import Role
from tijara.remittances.models import CashReceipt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_owner_imports_a_remittance_file_and_accepts_all_but_the_mismatch(live_server, browser, screenshot_dir,
                                                                         lang):
    store = make_merchant(name="Argania", slug=f"argania-remit-{lang}")
    owner = make_member(store, Role.OWNER, email=f"owner-remit-{lang}@example.ma")
    carrier = make_carrier(store)
    for i in range(1, 4):
        parcel(store, carrier, f"ARG-00000{i}", tracking=f"AM{i}")
    parcel(store, carrier, "ARG-000004", tracking="AM4", status=ShipmentStatus.REFUSED)
    data = csv_file([("AM1", "240.00", "25.00", TODAY), ("AM2", "240.00", "25.00", TODAY),
                     ("AM3", "200.00", "25.00", TODAY)])  # the carrier remitted 40 MAD less for AM3
    base = live_server.url
    context, page = signed_in(browser, base, owner, lang)
    try:
        page.goto(f"{base}/{lang}/dashboard/remittances/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        page.select_option("#id_carrier", str(carrier.pk))
        page.set_input_files("#id_file", files=[{"name": "remise-amana.csv", "mimeType": "text/csv", "buffer": data}])
        page.click("#check-remittance")
        page.wait_for_selector("#accept-remittance")
        flagged = page.locator("#flagged-rows tbody tr")
        assert flagged.count() == 1 and "AM3" in flagged.inner_text()
        assert page.locator("#matching-rows tbody tr").count() == 2
        assert not CashReceipt.objects.filter(merchant=store).exists()
        page.screenshot(path=str(screenshot_dir / f"remittance-preview-{lang}.png"), full_page=True)

        page.click("#accept-remittance")
        page.wait_for_selector("#import-applied")
        assert sorted(CashReceipt.objects.filter(merchant=store).values_list("shipment__tracking_number", flat=True)) == [
            "AM1", "AM2"]
        page.goto(f"{base}/{lang}/dashboard/remittances/carriers/{carrier.pk}/")
        open_items = page.locator("#open-items tbody tr")
        assert open_items.count() == 1 and "AM3" in open_items.inner_text()
        page.screenshot(path=str(screenshot_dir / f"remittance-ledger-{lang}.png"), full_page=True)

        page.goto(f"{base}/{lang}/dashboard/remittances/")
        assert page.locator("#carrier-balances tbody tr").count() == 1
        page.screenshot(path=str(screenshot_dir / f"remittances-{lang}.png"), full_page=True)
        page.goto(f"{base}/{lang}/dashboard/")
        assert page.locator("#delivery-by-carrier tbody tr").count() == 1
        page.locator("#delivery-rates").screenshot(path=str(screenshot_dir / f"delivery-rates-{lang}.png"))
    finally:
        context.close()
