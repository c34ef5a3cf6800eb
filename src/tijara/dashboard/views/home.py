"""The back-office home: catalogue counts, the latest review decision and the sales charts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tijara.catalog import selectors as catalog_selectors
from tijara.dashboard.access import merchant_required
from tijara.dashboard.charts import delivery_charts, sales_charts
from tijara.dashboard.checklist import publishing_checklist
from tijara.merchants import selectors as merchant_selectors
from tijara.orders import selectors as order_selectors
from tijara.remittances.figures import delivery_figures


@merchant_required()
def home(request: HttpRequest) -> HttpResponse:
    merchant = request.merchant
    days = 90 if request.GET.get("days") == "90" else 30
    return render(request, "dashboard/home.html", {
        "stats": catalog_selectors.merchant_catalogue_stats(merchant),
        "decision": merchant_selectors.latest_decision(merchant=merchant),
        "checklist": publishing_checklist(merchant),
        **sales_charts(order_selectors.merchant_sales_overview(merchant, days=days)),
        **delivery_charts(delivery_figures(merchant, days=days)),
    })
