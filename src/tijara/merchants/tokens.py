"""Merchant API tokens: create (the secret is returned once), revoke, authenticate, list.

A token's secret is `tjr_` + 40 random URL-safe characters; only its SHA-256 is stored (the secret has ~240
bits of entropy, so a fast hash is enough: nothing to brute-force offline). A token acts for the team member
who created it: it needs that member still in the team, and the member's current role still bounds what
the token may do (scopes narrow it further) [SEC-API-TOKENS].
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.core.errors import DomainError, NotFound
from tijara.merchants.models import ApiToken, Merchant, MerchantMembership, TokenScope
from tijara.merchants.permissions import membership_can

__all__ = ["TOKEN_PREFIX", "TokenError", "TokenLimit", "TokenRefused", "token_authenticate", "token_create", "token_list", "token_revoke"]

TOKEN_PREFIX = "tjr_"
MAX_ACTIVE_TOKENS = 20
# last_used_at is written at most this often per token (every request would make each API read a write).
LAST_USE_RESOLUTION = timedelta(seconds=60)


class TokenError(DomainError):
    """A token could not be created (bad name, no scope)."""


class TokenRefused(DomainError):
    """The member's role does not allow managing tokens."""

    code = "forbidden"
    status = 403


class TokenLimit(DomainError):
    """The store already has the most active tokens allowed."""

    code = "conflict"
    status = 409


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _audit(event: str, *, actor, token: ApiToken) -> None:
    """Token creation and revocation are security events: they go into the audit chain."""
    audit_record(event, actor=actor, merchant_id=token.merchant_id, target=f"api_token:{token.pk}",
                 data={"name": token.name, "prefix": token.prefix, "scopes": token.scopes})


def token_create(*, membership: MerchantMembership, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """Create a token for the member's merchant; returns the row and the secret, which is never shown again."""
    if not membership_can(membership, "tokens.manage"):
        raise TokenRefused(_("Your role does not allow managing API tokens."))
    name = name.strip()
    if not name or len(name) > 80:
        raise TokenError(_("Give the token a name of 1 to 80 characters."), field="name")
    chosen = sorted(set(scopes))
    if not chosen or any(scope not in TokenScope.values for scope in chosen):
        raise TokenError(_("Choose at least one scope from the list."), field="scopes")
    with transaction.atomic():
        merchant = Merchant.objects.select_for_update().get(pk=membership.merchant_id)  # serialises the count
        active = ApiToken.objects.filter(merchant=merchant, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise TokenLimit(_("A store may have at most %(n)d active tokens; revoke one first.")
                             % {"n": MAX_ACTIVE_TOKENS}, field="name")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(30)
        token = ApiToken.objects.create(merchant=merchant, name=name, prefix=secret[:12], key_hash=_hash(secret),
                                        scopes=chosen, created_by=membership.user)
        _audit(AuditEvent.TOKEN_CREATED, actor=membership.user, token=token)
    return token, secret


def token_revoke(*, membership: MerchantMembership, token_id: int) -> ApiToken:
    """Revoke one of the member's merchant's tokens (another merchant's id is not found). Idempotent."""
    if not membership_can(membership, "tokens.manage"):
        raise TokenRefused(_("Your role does not allow managing API tokens."))
    with transaction.atomic():
        token = ApiToken.objects.filter(merchant_id=membership.merchant_id, pk=token_id).first()
        if token is None:
            raise NotFound(_("Token not found."))
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=membership.user)
        token.refresh_from_db()
        if changed:
            _audit(AuditEvent.TOKEN_REVOKED, actor=membership.user, token=token)
    return token


def token_list(*, merchant: Merchant) -> list[ApiToken]:
    """The store's tokens, newest first, active and revoked (one query)."""
    return list(ApiToken.objects.filter(merchant=merchant).select_related("created_by"))


def token_authenticate(secret: str) -> tuple[ApiToken, MerchantMembership] | None:
    """The active token with this secret and its creator's current seat in the token's team, or None.

    Two queries at most (token + seat, then a rare last-use write). Unknown, revoked, orphaned tokens and
    tokens whose creator left the team all give None, with no hint which.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (ApiToken.objects.select_related("merchant", "created_by")
             .filter(key_hash=_hash(secret), revoked_at__isnull=True).first())
    if token is None or token.created_by is None or not token.created_by.is_active:
        return None
    membership = (MerchantMembership.objects.select_related("merchant", "user")
                  .filter(merchant_id=token.merchant_id, user_id=token.created_by_id).first())
    if membership is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token, membership
