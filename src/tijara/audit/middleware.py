"""Keeps the request being served, so an audit record written deep in a service or a signal carries the
client address (and, for platform role changes made in the admin site, the acting account) without every
caller passing them along [SEC-AUDIT-EVENTS]."""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from tijara.core.throttle import client_address

current_request: ContextVar[HttpRequest | None] = ContextVar("tijara_audit_request", default=None)


def current_ip() -> str:
    """The client address of the request being served, as the throttles count it (`core.throttle`)."""
    request = current_request.get()
    return client_address(request) if request is not None else ""


def current_user() -> object:
    """The signed-in user of the request being served, if any (read lazily: set after this middleware)."""
    request = current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if getattr(user, "is_authenticated", False) else None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
