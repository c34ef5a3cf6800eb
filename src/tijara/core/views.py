import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise (for load balancers and uptime checks)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bench_floor(request: HttpRequest) -> JsonResponse:
    """A fixed response through the whole middleware stack: the floor benchmarks compare pages against."""
    return JsonResponse({"ok": True})


def pdf_response(pdf: bytes, filename: str, *, private: bool = True, download: bool = False) -> HttpResponse:
    """A PDF answer; `private` ones (a buyer's or a store's documents) are never stored by a shared cache."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
