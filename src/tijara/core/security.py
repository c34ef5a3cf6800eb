"""Browser-side defences every answer carries, in one middleware [SEC-WEB-HEADERS] [SEC-WEB-NO-STORE].

Django's SecurityMiddleware already sends HSTS (over HTTPS, when debug is off), nosniff, Referrer-Policy and
Cross-Origin-Opener-Policy, and XFrameOptionsMiddleware sends `X-Frame-Options: DENY`. This adds what Django
5.2 does not have: a Content-Security-Policy that allows no inline script (every script is a static file of
this site) and no framing, a Permissions-Policy switching off the device features no page uses, and
`Cache-Control: no-store` on pages that show personal data, so neither a shared cache nor the browser's disk
keeps a copy after the person has left the computer.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tijara.core.media import is_public_media_path

# Pages under these paths (after the language prefix) show a buyer's or a store's personal data: the
# back-office, the buyer's account, order status and documents, checkout, and Django's admin.
PERSONAL_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:dashboard|account|orders|checkout|admin)(?:/|$)")

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "usb",
    "xr-spatial-tracking", "browsing-topics",
))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def content_security_policy() -> str:
    """The policy of every page: scripts, styles, images, fonts and fetches from this site only; forms post to
    this site or to the card gateway's hosted payment page; no plugin, no <base>, never inside a frame.

    Style attributes stay allowed (`style-src-attr`): they cannot run code, and inline SVG charts use them."""
    form_targets = " ".join(filter(None, ("'self'", _origin(settings.TIJARA_CMI_GATEWAY_URL))))
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        f"form-action {form_targets}",
        "frame-ancestors 'none'",
    ))


def is_personal_page(request: HttpRequest) -> bool:
    """True when the answer may carry personal data: a signed-in person's pages, or a path of PERSONAL_PATH.
    Public images (core.media: product photos, logos) are the same for everyone and stay cacheable."""
    if is_public_media_path(request.path_info):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or bool(PERSONAL_PATH.match(request.path_info))


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy, the Permissions-Policy and, on personal pages, `no-store`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy_for: tuple[str, str] = ("", "")  # (gateway URL, policy): rebuilt if the setting changes

    def policy(self) -> str:
        gateway = settings.TIJARA_CMI_GATEWAY_URL
        if self.policy_for[0] != gateway or not self.policy_for[1]:
            self.policy_for = (gateway, content_security_policy())
        return self.policy_for[1]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy())
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_personal_page(request) and "no-store" not in response.headers.get("Cache-Control", ""):
            # `private` too: an old HTTP/1.0 cache ignoring no-store still keeps no shared copy.
            response.headers["Cache-Control"] = "private, no-store"
        return response
