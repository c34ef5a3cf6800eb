"""Signing in: password, lock after repeated failures, second factor, session [SEC-AUTH-LOCK] [SEC-AUTH-2FA].

Failures are counted per account (the e-mail typed, whether or not it has an account) and per address.
When either reaches `TIJARA_SIGNIN_LOCK_FAILURES`, both are locked for `TIJARA_SIGNIN_LOCK_SECONDS`: while
locked even the right password is refused, and the message is the same for an address with or without an
account. The password is not even checked while locked. Wrong second-factor codes count as failures too.
"""

import time

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tijara.accounts import two_factor
from tijara.accounts.models import User
from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.core.errors import DomainError
from tijara.core.throttle import client_address, throttle_clear, throttle_take, throttle_wait

BACKEND = "django.contrib.auth.backends.ModelBackend"
SESSION_TWO_FACTOR = "two_factor"  # "verified" once the second factor was given in this session
SESSION_PENDING = "two_factor_pending"  # password right, code still to give: {"uid", "at", "next"}
PENDING_SECONDS = 300
FAILURES = "signin-fail"
LOCK = "signin-lock"


class SignInRefused(DomainError):
    code = "sign_in_refused"


class SignInLocked(DomainError):
    code = "sign_in_locked"
    status = 429

    def __init__(self, wait: int):
        minutes = max(1, (wait + 59) // 60)
        super().__init__(ngettext(
            "Too many failed attempts: sign-in is paused for this account and this connection. Try again in "
            "%(minutes)d minute, or reset your password.",
            "Too many failed attempts: sign-in is paused for this account and this connection. Try again in "
            "%(minutes)d minutes, or reset your password.", minutes) % {"minutes": minutes})
        self.wait = wait


def _account_key(email: str) -> str:
    return "account:" + email.strip().lower()


def _address_key(ip: str) -> str:
    return "address:" + ip


def lock_wait(*, email: str, ip: str) -> int:
    """Seconds until sign-in is allowed again for this account or address (0: not locked)."""
    window = settings.TIJARA_SIGNIN_LOCK_SECONDS
    return max(throttle_wait(LOCK, _account_key(email), limit=1, window_seconds=window),
               throttle_wait(LOCK, _address_key(ip), limit=1, window_seconds=window))


def lock_clear(*, email: str) -> None:
    """Lift the account's lock and forget its failures (after a password reset: the mailbox's owner is back).
    The address that guessed stays locked."""
    for scope in (LOCK, FAILURES):
        throttle_clear(scope, _account_key(email))


def _failure(*, email: str, ip: str, user: User | None, reason: str) -> None:
    """Count one failure for the account and the address; the last allowed one locks both."""
    limit, window = settings.TIJARA_SIGNIN_LOCK_FAILURES, settings.TIJARA_SIGNIN_LOCK_SECONDS
    target = f"user:{user.pk}" if user is not None else ""
    audit_record(AuditEvent.SIGN_IN_FAILED, actor=None, target=target,
                 data={"email": email.strip().lower()[:254], "reason": reason}, ip=ip)
    over = [key for key in (_account_key(email), _address_key(ip))
            if throttle_take(FAILURES, key, limit=limit - 1, window_seconds=window)]
    if over:
        for key in (_account_key(email), _address_key(ip)):
            throttle_take(LOCK, key, limit=1, window_seconds=window)
            throttle_clear(FAILURES, key)
        audit_record(AuditEvent.SIGN_IN_LOCKED, target=target,
                     data={"email": email.strip().lower()[:254], "seconds": window, "by": over}, ip=ip)


def sign_in_password(*, request: HttpRequest, email: str, password: str) -> User:
    """The user whose e-mail and password these are, unless locked; raises SignInRefused / SignInLocked."""
    ip = client_address(request)
    wait = lock_wait(email=email, ip=ip)
    if wait:
        raise SignInLocked(wait)
    user = authenticate(request, username=email.strip().lower(), password=password)
    if user is None:
        known = User.objects.filter(email__iexact=email.strip()).first()
        _failure(email=email, ip=ip, user=known, reason="password")
        wait = lock_wait(email=email, ip=ip)
        if wait:
            raise SignInLocked(wait)
        raise SignInRefused(_("Wrong e-mail or password."), "password")
    return user


def sign_in_start(*, request: HttpRequest, user: User, next_url: str = "") -> bool:
    """After the right password: sign in at once (True), or keep the user pending for their code (False)."""
    if two_factor.two_factor_enabled(user):
        request.session.cycle_key()
        request.session[SESSION_PENDING] = {"uid": user.pk, "at": int(time.time()), "next": next_url[:500]}
        return False
    session_open(request=request, user=user, verified=False)
    return True


def pending_user(request: HttpRequest) -> User | None:
    """The user who gave the right password and still owes a code (for at most five minutes)."""
    pending = request.session.get(SESSION_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending.get("uid"), is_active=True).first()


def pending_next(request: HttpRequest) -> str:
    pending = request.session.get(SESSION_PENDING)
    return pending.get("next", "") if isinstance(pending, dict) else ""


def sign_in_code(*, request: HttpRequest, user: User, code: str) -> str:
    """Check the second factor of `user` (pending, or signed in with an unverified session); signs in on success."""
    ip = client_address(request)
    wait = lock_wait(email=user.email, ip=ip)
    if wait:
        raise SignInLocked(wait)
    method = two_factor.two_factor_check(user=user, code=code, ip=ip)
    if method is None:
        _failure(email=user.email, ip=ip, user=user, reason="second_factor")
        wait = lock_wait(email=user.email, ip=ip)
        if wait:
            raise SignInLocked(wait)
        raise SignInRefused(_("This code is not valid. Type the code your app shows now, or a recovery code."),
                            "code")
    request.session.pop(SESSION_PENDING, None)
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.session.cycle_key()
        request.session[SESSION_TWO_FACTOR] = "verified"
    else:
        session_open(request=request, user=user, verified=True)
    return method


def session_open(*, request: HttpRequest, user: User, verified: bool) -> None:
    """Sign in: `login` gives the session a new key (the old one is worthless) [SEC-AUTH-SESSIONS]."""
    ip = client_address(request)
    login(request, user, backend=getattr(user, "backend", None) or BACKEND)
    request.session.pop(SESSION_PENDING, None)
    if verified:
        request.session[SESSION_TWO_FACTOR] = "verified"
    throttle_clear(FAILURES, _account_key(user.email))
    audit_record(AuditEvent.SIGN_IN, actor=user, target=f"user:{user.pk}",
                 data={"second_factor": verified}, ip=ip)


def session_verified(request: HttpRequest) -> bool:
    return request.session.get(SESSION_TWO_FACTOR) == "verified"
