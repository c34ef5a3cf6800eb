"""Who is calling the merchant API: a team member's browser session or a merchant API token.

`merchant_auth` goes as `auth=` on every merchant router. It tries, in order:
- `Authorization: Bearer tjr_…`: a merchant API token (merchants.tokens). An unknown or revoked token answers
  401 at once (no fallback to the session); each token has its own rate limit, answered 429 with
  `Retry-After` [SEC-API-RATE]. No CSRF check: the token is not sent by the browser on its own.
- the Django session (with Ninja's CSRF check on writes), as before.

Either way `request.auth` is a `MerchantPrincipal`. Handlers then call `scope_required(request, scope)`, which
returns the caller's seat in its merchant's team (the tenant every query is scoped by) or answers 403: a
session has every scope, a token only those it was given, and both stay bounded by the member's role
[SEC-API-TOKENS].
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from tijara.api.errors import ApiError
from tijara.core.throttle import throttle_take
from tijara.merchants.models import ApiToken, MerchantMembership, TokenScope
from tijara.merchants.permissions import membership_can
from tijara.merchants.selectors import membership_for_user
from tijara.merchants.tokens import token_authenticate

__all__ = ["SCOPE_ACTIONS", "MerchantPrincipal", "merchant_auth", "scope_required"]

# The role permission each scope needs by default (merchants.permissions); a caller may name another one.
SCOPE_ACTIONS: dict[str, str] = {
    TokenScope.CATALOG_READ: "catalog.edit",
    TokenScope.CATALOG_WRITE: "catalog.edit",
    TokenScope.ORDERS_READ: "orders.manage",
    TokenScope.ORDERS_WRITE: "orders.manage",
    TokenScope.PAYMENTS: "payments.manage",
}


@dataclass(frozen=True)
class MerchantPrincipal:
    """The caller: its user, its seat in a merchant's team (None: not a team member) and its token if any."""

    user: object
    membership: MerchantMembership | None
    token: ApiToken | None = None

    def has_scope(self, scope: str) -> bool:
        return self.token is None or scope in self.token.scopes


class MerchantTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; documented in the OpenAPI document as the `MerchantToken` scheme."""

    def authenticate(self, request: HttpRequest, token: str) -> MerchantPrincipal:
        found = token_authenticate(token.strip())
        if found is None:
            raise ApiError(401, "invalid or revoked API token")
        api_token, membership = found
        wait = throttle_take("api-token", str(api_token.pk), limit=settings.TIJARA_API_TOKEN_RATE_LIMIT,
                             window_seconds=settings.TIJARA_API_TOKEN_RATE_WINDOW)
        if wait:
            raise ApiError(429, f"rate limit of this token reached; retry in {wait} s",
                           headers={"Retry-After": str(wait)})
        request.user = membership.user  # the member the token acts for: recorded as actor of what it does
        return MerchantPrincipal(user=membership.user, membership=membership, token=api_token)


class MerchantSessionAuth(SessionAuth):
    """The browser session of a signed-in user (CSRF checked on writes by Ninja)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> MerchantPrincipal | None:
        if not request.user.is_authenticated:
            return None
        return MerchantPrincipal(user=request.user, membership=membership_for_user(request.user))


merchant_auth = [MerchantTokenAuth(), MerchantSessionAuth(csrf=True)]


def scope_required(request: HttpRequest, scope: str, *, action: str | None = None) -> MerchantMembership:
    """The caller's team seat if it may use `scope` (and its role the permission `action`), else ApiError 403.

    `action` defaults to the permission the scope needs (SCOPE_ACTIONS). Use the returned membership's
    `merchant` to scope every query: never a merchant id from the request.
    """
    if scope not in SCOPE_ACTIONS:
        raise ValueError(f"unknown scope {scope!r}")
    principal = getattr(request, "auth", None)
    if not isinstance(principal, MerchantPrincipal):  # a router left on plain django_auth
        principal = MerchantPrincipal(user=request.user, membership=membership_for_user(request.user))
    if principal.membership is None:
        raise ApiError(403, "this account does not belong to a merchant team")
    if not principal.has_scope(scope):
        raise ApiError(403, f"this API token lacks the scope {scope}")
    if not membership_can(principal.membership, action or SCOPE_ACTIONS[scope]):
        raise ApiError(403, "your role does not allow this")
    return principal.membership
