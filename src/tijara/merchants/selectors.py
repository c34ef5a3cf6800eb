"""Merchant reads. Merchant-facing code gets its tenant from here, never from a URL parameter."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from tijara.merchants.models import Merchant, MerchantMembership


def membership_for_user(user: AbstractBaseUser | AnonymousUser | None) -> MerchantMembership | None:
    """The user's seat in a merchant team (the oldest one if several), with its merchant, in one query."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        MerchantMembership.objects.select_related("merchant")
        .filter(user_id=user.pk)
        .order_by("created_at", "pk")
        .first()
    )


def merchant_for_user(user: AbstractBaseUser | AnonymousUser | None) -> Merchant | None:
    """The merchant whose back-office this user works in, or None for customers and anonymous visitors."""
    membership = membership_for_user(user)
    return membership.merchant if membership else None


def review_queue(*, status: str | None = "pending") -> list[Merchant]:
    """Stores for platform reviewers, oldest submission first (one query)."""
    qs = Merchant.objects.select_related("city", "region").order_by("submitted_at", "created_at", "pk")
    if status:
        qs = qs.filter(status=status)
    return list(qs[:500])


def review_detail(*, merchant_id: int) -> Merchant | None:
    """A store with its decision history and team, for the reviewer's page (three queries)."""
    return (
        Merchant.objects.select_related("city", "region")
        .prefetch_related("decisions__actor", "memberships__user")
        .filter(pk=merchant_id).first()
    )


def latest_decision(*, merchant: Merchant):
    return merchant.decisions.select_related("actor").exclude(action="submit").order_by("-created_at", "-pk").first()


def team(*, merchant: Merchant) -> list[MerchantMembership]:
    return list(MerchantMembership.objects.filter(merchant=merchant).select_related("user").order_by("created_at"))


def merchant_can_take_orders(merchant: Merchant) -> bool:
    """Only validated stores sell; a pending, rejected or suspended store's carts cannot check out."""
    return merchant.is_public
