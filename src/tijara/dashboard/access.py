"""Decorators that give dashboard views their tenant: request.membership and request.merchant."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tijara.merchants.permissions import membership_can, platform_can
from tijara.merchants.selectors import membership_for_user

View = Callable[..., HttpResponse]


def merchant_required(action: str = "dashboard.view") -> Callable[[View], View]:
    """Only members of a merchant team whose role allows `action`; sets request.merchant.

    Anonymous visitors go to sign-in; signed-in users without a team get the onboarding page
    (a 403 page with a link to sign up); members lacking the role get 403.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.urls import reverse

                return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
            membership = membership_for_user(request.user)
            if membership is None:
                from django.shortcuts import redirect

                return redirect("dashboard:onboarding")
            if not membership_can(membership, action):
                raise PermissionDenied(action)
            request.membership = membership
            request.merchant = membership.merchant
            return view(request, *args, **kwargs)

        wrapper.merchant_action = action  # read by the tenant-isolation test
        return wrapper

    return decorator


def platform_required(action: str) -> Callable[[View], View]:
    """Only platform accounts whose role allows `action` (merchants.permissions) [SEC-ROLES-MATRIX].

    Anonymous visitors go to sign-in; anyone else lacking the role gets 403.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.urls import reverse

                return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
            if not platform_can(request.user, action):
                raise PermissionDenied(action)
            return view(request, *args, **kwargs)

        wrapper.platform_action = action  # read by the roles test and the permissions page
        return wrapper

    return decorator


platform_staff_required = platform_required("platform.staff")
platform_staff_required.__doc__ = "Platform reviewers and admins (the platform back-office pages they share)."
