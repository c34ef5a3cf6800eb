"""Every API error is JSON: {"message": ..., "field": ...} (field is null when no single field is at fault)."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ApiError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None, *, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field
        self.headers = headers or {}


def _field_of(error: dict) -> str | None:
    # "payload" is the name every handler gives its body: the field is then named as in the document.
    loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "header", "payload")]
    return ".".join(loc) or None


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError):
        response = api.create_response(request, {"message": exc.message, "field": exc.field}, status=exc.status)
        for name, value in exc.headers.items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError):
        errors = [
            {"field": _field_of(e), "message": e.get("msg", "invalid value")} for e in exc.errors
        ]
        first = errors[0] if errors else {"field": None, "message": "invalid request"}
        body = {"message": f"{first['field'] or 'request'}: {first['message']}", "field": first["field"],
                "errors": errors}
        return api.create_response(request, body, status=400)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return api.create_response(request, {"message": str(exc) or "not found", "field": None}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError):
        return api.create_response(request, {"message": "authentication required", "field": None}, status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        if isinstance(exc.__cause__, RequestDataTooBig):  # raised while Ninja read the body
            return too_big(request, exc.__cause__)
        if isinstance(exc.__cause__, RecursionError):
            return api.create_response(request, {"message": "the JSON body is nested too deeply", "field": None},
                                       status=400)
        return api.create_response(request, {"message": str(exc), "field": None}, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: Exception):
        """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: JSON like every other error, not Django's HTML page."""
        return api.create_response(request, {"message": "the request body is too large", "field": None}, status=413)

    @api.exception_handler(MultiPartParserError)
    def malformed_multipart(request: HttpRequest, exc: Exception):
        """A multipart body Django cannot read (no boundary, say), met while checking the session's CSRF token or
        reading the form: JSON like every other error, not Django's HTML page."""
        return api.create_response(request, {"message": "the multipart body cannot be read", "field": None},
                                   status=400)

    @api.exception_handler(TooManyFieldsSent)
    @api.exception_handler(TooManyFilesSent)
    def too_many_parts(request: HttpRequest, exc: Exception):
        return api.create_response(request, {"message": "the request has too many fields or files", "field": None},
                                   status=400)
