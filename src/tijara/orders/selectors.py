"""Order reads. Merchant-facing ones take the merchant first and cannot forget the tenant filter."""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from tijara.core.models import City
from tijara.core.text import row_id
from tijara.merchants import selectors as merchant_selectors
from tijara.merchants.models import Merchant
from tijara.orders.models import Order, OrderLine, OrderStatus, OrderStatusChange

PAGE_SIZE = 50
COUNTED = ~Q(status=OrderStatus.CANCELLED)  # what sales figures and a customer's total add up


def merchant_for_user(user: AbstractBaseUser | AnonymousUser | None) -> Merchant | None:
    """The merchant a signed-in user works for (MerchantMembership), or None. The one place orders ask."""
    return merchant_selectors.merchant_for_user(user)


def _with_lines(qs: QuerySet[Order]) -> QuerySet[Order]:
    return qs.select_related("merchant", "city", "region").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))
    )


def orders_by_numbers(numbers: Iterable[str]) -> list[Order]:
    return list(_with_lines(Order.objects.filter(number__in=list(numbers))).order_by("merchant_id", "pk"))


def orders_of_group(group: uuid.UUID) -> list[Order]:
    return list(_with_lines(Order.objects.filter(checkout_group=group)).order_by("pk"))


def order_for_customer(*, number: str, email: str) -> Order | None:
    """Status lookup for guests: the order number and the e-mail given at checkout must both match."""
    order = _with_lines(Order.objects.filter(number=number.strip().upper())).select_related("payment").first()
    if order is None or order.email.lower() != (email or "").strip().lower():
        return None
    return order


def order_for_buyer(number: str, *, user_id: int | None, found_numbers: Iterable[str] = (),
                    checkout_groups: Iterable[str] = ()) -> Order | None:
    """The order if this browser's buyer may see it, else None: the signed-in buyer's own order, or one this
    session found with its number and e-mail, or placed (its checkout). Documents are served only through it."""
    order = _with_lines(Order.objects.filter(number=(number or "").strip().upper())).first()
    if order is None:
        return None
    if user_id is not None and order.user_id == user_id:
        return order
    if order.number in set(found_numbers) or str(order.checkout_group) in set(checkout_groups):
        return order
    return None


def orders_of_user(user: AbstractBaseUser) -> list[Order]:
    return list(
        Order.objects.filter(user_id=user.pk).select_related("merchant").only(
            "number", "status", "total", "created_at", "merchant__store_name", "merchant__slug"
        ).order_by("-created_at", "-pk")[:200]
    )


def order_of_user(user: AbstractBaseUser, number: str) -> Order | None:
    return _with_lines(Order.objects.filter(user_id=user.pk, number=number)).first()


def merchant_order_page(merchant: Merchant, *, filters: dict[str, str], page: object = 1) -> Page:
    """The merchant's orders, newest first, filtered by status, payment method, city, order dates (inclusive,
    ISO) and a search on number or customer; unknown or malformed filters are ignored."""
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
    city_id = row_id(filters.get("city", ""))  # a 20-digit id is malformed, not an overflow [SEC-WEB-PARAMS]
    if city_id is not None:
        qs = qs.filter(city_id=city_id)
    for key, lookup in (("from", "created_at__date__gte"), ("to", "created_at__date__lte")):
        try:
            qs = qs.filter(**{lookup: dt.date.fromisoformat(filters.get(key, ""))})
        except ValueError:
            pass
    q = filters.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q) | Q(phone__contains=q))
    return Paginator(qs, PAGE_SIZE).get_page(page)


def merchant_order(merchant: Merchant, number: str) -> Order | None:
    return (
        _with_lines(Order.objects.filter(merchant_id=merchant.pk, number=number))
        .select_related("payment")
        .prefetch_related(Prefetch("status_changes", queryset=OrderStatusChange.objects.select_related("actor")))
        .first()
    )


def merchant_order_cities(merchant: Merchant) -> list[City]:
    """The cities the store has delivered to, for the order list's city filter (one query)."""
    return list(City.objects.filter(pk__in=Order.objects.filter(merchant=merchant).values("city_id"))
                .order_by("name_fr"))


def merchant_customer_page(merchant: Merchant, *, query: str = "", page: object = 1) -> Page:
    """The store's customers (grouped by e-mail) with order count, total spent and last order date."""
    qs = (
        Order.objects.filter(merchant=merchant).values("email")
        .annotate(name=Max("full_name"), orders=Count("pk"), total=Sum("total", filter=COUNTED),
                  last=Max("created_at"))
        .order_by("-last")
    )
    if query:
        qs = qs.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    return Paginator(qs, PAGE_SIZE).get_page(page)


def merchant_customer_orders(merchant: Merchant, email: str) -> list[Order]:
    """One customer's orders at this store, newest first; empty for a customer of another store."""
    return list(Order.objects.filter(merchant=merchant, email__iexact=email).order_by("-created_at"))


@dataclass(frozen=True)
class SalesOverview:
    """A store's sales over the last `days` days (cancelled orders left out), one entry per day."""

    days: int
    dates: list[dt.date]
    revenue_per_day: list[Decimal]
    orders_per_day: list[int]
    revenue: Decimal
    orders: int
    cod_revenue: Decimal
    top_products: list[dict]  # name, quantity, revenue; five at most, best revenue first

    @property
    def cod_share(self) -> int:
        """Percentage of the revenue paid cash on delivery."""
        return int(round(self.cod_revenue * 100 / self.revenue)) if self.revenue else 0

    @property
    def card_share(self) -> int:
        return 100 - self.cod_share if self.revenue else 0


def merchant_sales_overview(merchant: Merchant, *, days: int) -> SalesOverview:
    """Revenue and orders per day and the top products, in two aggregate queries (no loop over orders)."""
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
    return SalesOverview(
        days=days,
        dates=dates,
        revenue_per_day=[per_day.get(d, {}).get("revenue") or Decimal(0) for d in dates],
        orders_per_day=[per_day.get(d, {}).get("orders") or 0 for d in dates],
        revenue=sum((r["revenue"] or Decimal(0) for r in per_day.values()), Decimal(0)),
        orders=sum(r["orders"] for r in per_day.values()),
        cod_revenue=sum((r["cod"] or Decimal(0) for r in per_day.values()), Decimal(0)),
        top_products=[{"name": t["product_name"], "quantity": t["quantity"], "revenue": t["revenue"]} for t in top],
    )
