"""The API object with an OpenAPI document that tells the truth, and the answers that must not be cached.

Some answers do not come from a handler but from what every operation shares, so they are documented here once
rather than in each `response=` [SEC-API-OPENAPI]:
- 400 `ErrorOut`: any operation taking parameters or a body (a value failing its schema; errors.py);
- 413 `ErrorOut`: any operation taking a body (over `DATA_UPLOAD_MAX_MEMORY_SIZE`);
- 401 and 403 `ErrorOut`: any operation needing a caller (no or a bad credential; CSRF, role or scope refused);
- 429 `ErrorOut` with `Retry-After`: any operation accepting a merchant API token (its rate limit).

Refusals an operation documents itself: 404 a reference to nothing (an id or code in the path or the body); 409 the
present state refuses a schema-valid request (not waiting, already listed, a reference the payment's method requires);
422 a schema-valid body refused by a rule no schema can express (a time relative to now, an uploaded file's name or
content, a city outside the region given). `schemathesis.toml` lets schemathesis expect 422 for schema-valid data; 400
stays for what the schema refuses.

Every answer is `Cache-Control: no-store` except those of the public catalogue and observatory, which hold no
personal data [SEC-API-NO-STORE].
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from ninja import NinjaAPI

from tijara.api.schemas import ErrorOut

__all__ = ["PUBLIC_MODULES", "TijaraApi"]

# Handlers whose answers hold no personal data and may be cached (published figures, the public catalogue).
PUBLIC_MODULES = frozenset({"tijara.api.catalog", "tijara.api.observatory"})

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
TOKEN_SCHEME = "MerchantTokenAuth"
COMMON: dict[str, str] = {
    "400": "The request does not match this operation's schema (`field` names the first value at fault).",
    "401": "No credential, or an unknown or revoked API token.",
    "403": "Not allowed: not a member of a merchant team, role or token scope refused, or CSRF check failed.",
    "413": "The request body is larger than the server accepts.",
    "429": "Too many requests with this API token: wait the seconds in `Retry-After`.",
}


def _error(code: str) -> dict:
    answer = {"description": COMMON[code], "content": {"application/json": {"schema": ERROR_REF}}}
    if code == "429":
        answer["headers"] = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
    return answer


def document_shared_answers(schema: dict) -> dict:
    """Add the shared error answers to every operation that can give them (never overriding a documented one)."""
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = set()
            if operation.get("parameters") or operation.get("requestBody"):
                codes.add("400")
            if operation.get("requestBody"):
                codes.add("413")
            security = operation.get("security") or []
            if security:
                codes |= {"401", "403"}
            if any(TOKEN_SCHEME in requirement for requirement in security):
                codes.add("429")
            responses = operation["responses"]
            documented = {str(code) for code in responses}
            for code in sorted(codes - documented):
                responses[int(code)] = _error(code)
            operation["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
    return schema


def no_store(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps an operation: its answers (errors included) are never stored by a browser or proxy cache."""
    operation = getattr(run, "__self__", None)
    module = getattr(getattr(operation, "view_func", None), "__module__", "")
    if module in PUBLIC_MODULES:
        return run

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = run(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


class TijaraApi(NinjaAPI):
    """NinjaAPI with the shared answers documented and `no-store` on every non-public answer."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_decorator(no_store, mode="view")

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        return document_shared_answers(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
