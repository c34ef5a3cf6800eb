"""Sales figures of the back-office home and the orders/customers pages, read from the checkout's orders.

Two aggregate queries build the home charts (per day, top products); no per-row loop over orders.
"""

import datetime as dt
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.dashboard.charts import bar_chart, share_bar
from tijara.merchants.models import Merchant
from tijara.orders.models import Order, OrderLine, OrderStatus

COUNTED = ~Q(status=OrderStatus.CANCELLED)
ORDERS_PER_PAGE = 50


def overview_context(merchant: Merchant, *, days: int) -> dict:
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    per_day = {
        row["day"]: row for row in
        Order.objects.filter(COUNTED, merchant=merchant, created_at__gte=start)
        .annotate(day=TruncDate("created_at")).values("day")
        .annotate(revenue=Sum("total"), orders=Count("pk"), cod=Sum("total", filter=Q(payment_method="cod")))
    }
    top = list(
        OrderLine.objects.filter(merchant=merchant, order__created_at__gte=start)
        .exclude(order__status=OrderStatus.CANCELLED)
        .values("product_name").annotate(quantity=Sum("quantity"), revenue=Sum("line_total"))
        .order_by("-revenue")[:5]
    )
    dates = [since + dt.timedelta(days=i) for i in range(days)]
    revenue = sum((r["revenue"] or Decimal(0) for r in per_day.values()), Decimal(0))
    cod = sum((r["cod"] or Decimal(0) for r in per_day.values()), Decimal(0))
    cod_share = int(round(cod * 100 / revenue)) if revenue else 0
    return {
        "days": days,
        "sales": {"revenue": revenue, "orders": sum(r["orders"] for r in per_day.values()),
                  "cod_share": cod_share, "card_share": 100 - cod_share if revenue else 0},
        "revenue_chart": bar_chart([(d.isoformat(), per_day.get(d, {}).get("revenue") or 0) for d in dates],
                                   title=_("Revenue per day")),
        "orders_chart": bar_chart([(d.isoformat(), per_day.get(d, {}).get("orders") or 0) for d in dates],
                                  title=_("Orders per day")),
        "share_chart": share_bar([(_("Cash on delivery"), cod, "pay-cod"), (_("Card"), revenue - cod, "pay-card")],
                                 title=_("Cash on delivery versus card")),
        "top_products": [{"name": t["product_name"], "quantity": t["quantity"], "revenue": t["revenue"]} for t in top],
    }


def order_page(merchant: Merchant, *, filters: dict[str, str], page: object = 1) -> Page:
    """The merchant's orders filtered by status, dates, payment method, city and a search on number/customer."""
    qs = (
        Order.objects.filter(merchant=merchant).select_related("city")
        .only("number", "status", "total", "full_name", "email", "phone", "city__name_fr", "city__name_ar",
              "created_at", "payment_method", "merchant_id")
        .order_by("-created_at", "-pk")
    )
    if filters.get("status") in OrderStatus.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("payment"):
        qs = qs.filter(payment_method=filters["payment"][:20])
    if filters.get("city", "").isdigit():
        qs = qs.filter(city_id=int(filters["city"]))
    for key, lookup in (("from", "created_at__date__gte"), ("to", "created_at__date__lte")):
        try:
            qs = qs.filter(**{lookup: dt.date.fromisoformat(filters.get(key, ""))})
        except ValueError:
            pass
    q = filters.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q) | Q(phone__contains=q))
    return Paginator(qs, ORDERS_PER_PAGE).get_page(page)


def customer_page(merchant: Merchant, *, query: str = "", page: object = 1) -> Page:
    """Customers of this store (grouped by email) with order count, total spent and last order date."""
    qs = (
        Order.objects.filter(merchant=merchant).values("email")
        .annotate(name=Max("full_name"), orders=Count("pk"), total=Sum("total", filter=COUNTED),
                  last=Max("created_at"))
        .order_by("-last")
    )
    if query:
        qs = qs.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    return Paginator(qs, ORDERS_PER_PAGE).get_page(page)


def customer_orders(merchant: Merchant, email: str) -> list[Order]:
    return list(Order.objects.filter(merchant=merchant, email__iexact=email).order_by("-created_at"))
