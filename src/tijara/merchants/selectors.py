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
