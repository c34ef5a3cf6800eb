"""Keeps the client address of the request being served, so an audit record written deep in a service
carries it without every caller passing it along [SEC-AUDIT-EVENTS]."""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

current_ip: ContextVar[str] = ContextVar("tijara_audit_ip", default="")


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(request.META.get("REMOTE_ADDR", "") or "")
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
