"""The back-office, the admin site and the merchant API need a verified second factor from the roles that must
have one [SEC-AUTH-2FA]: merchant owners and managers and platform staff, when TIJARA_TWO_FACTOR_REQUIRED is on.

A session signed in without the code (or before the role was given) is sent to the code page, or to the
enrolment page when the user has no authenticator yet. Sessions that gave the code cost no query here.
"""

import re
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tijara.accounts import signin, two_factor

PROTECTED = re.compile(r"^/(?:[a-z]{2}/)?dashboard/|^/admin/|^/api/v1/merchant")
OPEN = re.compile(r"^/(?:[a-z]{2}/)?dashboard/(?:login|logout|signup)/")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._refusal(request)
        return refused if refused is not None else self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        if not settings.TIJARA_TWO_FACTOR_REQUIRED:
            return None
        path = request.path_info
        if not PROTECTED.match(path) or OPEN.match(path):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or signin.session_verified(request):
            return None
        if not two_factor.two_factor_required(user):
            return None
        if path.startswith("/api/"):
            return JsonResponse({"message": _("Two-step sign-in is required for this account: sign in again with "
                                              "your code."), "field": None}, status=403)
        target = "storefront:two_factor_verify" if two_factor.two_factor_enabled(user) else "storefront:two_factor"
        response = redirect(target)
        response["Location"] += "?next=" + quote(request.get_full_path())
        return response
