"""Order reads. Merchant-facing ones take the merchant first and cannot forget the tenant filter."""

import uuid
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from tijara.merchants import selectors as merchant_selectors
from tijara.merchants.models import Merchant
from tijara.orders.models import Order, OrderLine, OrderStatus, OrderStatusChange

PAGE_SIZE = 50


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


def orders_of_user(user: AbstractBaseUser) -> list[Order]:
    return list(
        Order.objects.filter(user_id=user.pk).select_related("merchant").only(
            "number", "status", "total", "created_at", "merchant__store_name", "merchant__slug"
        ).order_by("-created_at", "-pk")[:200]
    )


def order_of_user(user: AbstractBaseUser, number: str) -> Order | None:
    return _with_lines(Order.objects.filter(user_id=user.pk, number=number)).first()


def merchant_order_page(merchant: Merchant, *, status: str = "", page: object = 1) -> Page:
    qs = Order.objects.filter(merchant_id=merchant.pk).only(
        "number", "status", "total", "full_name", "city__name_fr", "city__name_ar", "created_at", "payment_method"
    ).select_related("city").order_by("-created_at", "-pk")
    if status in OrderStatus.values:
        qs = qs.filter(status=status)
    return Paginator(qs, PAGE_SIZE).get_page(page)


def merchant_order(merchant: Merchant, number: str) -> Order | None:
    return (
        _with_lines(Order.objects.filter(merchant_id=merchant.pk, number=number))
        .select_related("payment")
        .prefetch_related(Prefetch("status_changes", queryset=OrderStatusChange.objects.select_related("actor")))
        .first()
    )
