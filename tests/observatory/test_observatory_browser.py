"""The dashboard in a real Chromium, in French and in Arabic (screenshots in artifacts/screenshots/)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_dashboard_in_chromium(live_server, page, screenshot_dir, small_store, lang):
    page.goto(f"{live_server.url}/{lang}/observatory/?period=2022")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator(".obs-kpi").count() == 4
    assert page.locator("svg.chart").count() >= 5
    assert page.locator("table.obs-table").count() >= 4
    growth = page.locator(".obs-growth").first.inner_text()
    assert "35" in growth
    # logical properties: the filter form starts on the right in Arabic, on the left in French
    box = page.locator(".obs-filters label").first.bounding_box()
    width = page.viewport_size["width"]
    assert (box["x"] > width / 2) == (lang == "ar")
    page.screenshot(path=str(screenshot_dir / f"observatory-{lang}.png"), full_page=True)
    page.locator(".obs-filters select[name=period]").select_option("2022-Q4")
    page.locator(".obs-filters button").click()
    page.wait_for_url("**period=2022-Q4**")
    assert page.locator(".obs-kpi").count() == 4
