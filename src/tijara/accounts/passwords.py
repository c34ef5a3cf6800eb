"""Password reset by e-mail, password change, sign-out of every session, and sign-up that tells nobody whether
an address already has an account [SEC-AUTH-RESET] [SEC-AUTH-SESSIONS] [SEC-AUTH-ENUMERATION].

The reset link carries Django's token: an HMAC over the password hash, the last sign-in and a timestamp. It
expires after PASSWORD_RESET_TIMEOUT and works once, because setting the password changes the hash it covers.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tijara.accounts import signin
from tijara.accounts.jobs import account_email_queue
from tijara.accounts.models import User
from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.core.errors import DomainError
from tijara.core.mail import mail_send
from tijara.core.throttle import throttle_take
from tijara.merchants import emails as merchant_emails
from tijara.merchants import services as merchant_services

# (limit, window in seconds) per account and per address; project choices, generous for people, not for robots.
RESET_PER_ACCOUNT = (3, 3600)
RESET_PER_ADDRESS = (20, 3600)
SIGNUP_PER_ADDRESS = (10, 3600)


class TooManyRequests(DomainError):
    code = "throttled"
    status = 429

    def __init__(self, wait: int):
        minutes = max(1, (wait + 59) // 60)
        super().__init__(ngettext("Too many attempts from here. Try again in %(minutes)d minute.",
                                  "Too many attempts from here. Try again in %(minutes)d minutes.",
                                  minutes) % {"minutes": minutes})
        self.wait = wait


class ResetLinkInvalid(DomainError):
    code = "reset_link_invalid"


def _take(scope: str, key: str, limits: tuple[int, int]) -> int:
    return throttle_take(scope, key, limit=limits[0], window_seconds=limits[1])


# --- Reset ------------------------------------------------------------------------------------------------

def password_reset_request(*, email: str, ip: str, base_url: str, language: str) -> None:
    """E-mail a reset link if the address has an account; the answer is the same either way."""
    email = email.strip().lower()
    wait = _take("reset-address", ip, RESET_PER_ADDRESS)
    if wait:
        raise TooManyRequests(wait)
    if _take("reset-account", email, RESET_PER_ACCOUNT):
        return  # silently: a fourth link in the hour is not sent, and nothing tells the asker so
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    account_email_queue(kind="reset", user_id=user.pk, base_url=base_url, language=user.preferred_language or language)


def password_reset_user(*, uidb64: str, token: str) -> User:
    """The user of a genuine, unexpired, unused link; raises ResetLinkInvalid otherwise."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        pk = None
    user = User.objects.filter(pk=pk, is_active=True).first() if pk and pk < 2**63 else None
    if user is None or not default_token_generator.check_token(user, token):
        raise ResetLinkInvalid(gettext_lazy("This link is not valid any more: it was used, or it expired. Ask "
                                            "for a new one."))
    return user


def password_reset_complete(*, uidb64: str, token: str, password: str, ip: str) -> User:
    """Set the new password; every session of the account ends and its sign-in lock is lifted."""
    user = password_reset_user(uidb64=uidb64, token=token)
    password_validation.validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.session_stamp = secrets.token_hex(16)
        user.save(update_fields=["password", "session_stamp"])
        audit_record(AuditEvent.PASSWORD_RESET, actor=user, target=f"user:{user.pk}", ip=ip)
    signin.lock_clear(email=user.email)
    return user


# --- Change, sign out everywhere --------------------------------------------------------------------------

def password_change(*, user: User, old_password: str, new_password: str, ip: str) -> None:
    """A new password for a signed-in user who gave the current one; other sessions end (the hash changes)."""
    if not user.check_password(old_password):
        raise DomainError(gettext_lazy("Your current password is not this one."), "old_password")
    password_validation.validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(AuditEvent.PASSWORD_CHANGED, actor=user, target=f"user:{user.pk}", ip=ip)


def sessions_end_all(*, user: User, ip: str) -> None:
    """Every session of the user stops working at its next request (a new session stamp)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_stamp=secrets.token_hex(16))
        audit_record(AuditEvent.SIGN_OUT_ALL, actor=user, target=f"user:{user.pk}", ip=ip)


# --- Sign-up ----------------------------------------------------------------------------------------------

def _sign_up(*, email: str, password: str, ip: str, base_url: str, language: str, create: Callable[[str], User],
             new_kind: str, taken_kind: str) -> User | None:
    """The one sign-up rule of the shop and the back-office [SEC-AUTH-ENUMERATION]: create the account with
    `create` and queue the `new_kind` e-mail, or, when the address is taken, change nothing and queue the
    `taken_kind` e-mail to its owner. Both paths cost one password hash and queue one job, so neither the answer
    nor its time tells an account exists. Returns the new user, or None for a taken address."""
    wait = _take("signup-address", ip, SIGNUP_PER_ADDRESS)
    if wait:
        raise TooManyRequests(wait)
    email = email.strip().lower()
    with transaction.atomic():
        user = None
        if not User.objects.filter(email__iexact=email).exists():
            try:
                with transaction.atomic():
                    user = create(email)
            except IntegrityError:
                user = None  # the same address signed up a moment ago: taken
        if user is None:
            make_password(password)  # the same work as creating an account
            existing = User.objects.filter(email__iexact=email).first()
            if existing is not None:
                account_email_queue(kind=taken_kind, user_id=existing.pk, base_url=base_url,
                                    language=existing.preferred_language or language)
            return None
        account_email_queue(kind=new_kind, user_id=user.pk, base_url=base_url,
                            language=user.preferred_language or language)
    return user


def customer_sign_up_request(*, email: str, password: str, full_name: str, language: str, ip: str,
                             base_url: str) -> None:
    """Create a customer account, or tell the owner of an existing one by e-mail; the page says the same in
    both cases, and the new customer then signs in."""
    _sign_up(email=email, password=password, ip=ip, base_url=base_url, language=language,
             create=lambda address: User.objects.create_user(
                 email=address, password=password, full_name=full_name.strip()[:150],
                 preferred_language=language[:2]),
             new_kind="welcome", taken_kind="signup_taken")


def owner_sign_up_request(*, email: str, password: str, full_name: str, language: str, ip: str,
                          base_url: str) -> User | None:
    """The store owner's sign-up in the back-office, under the same rule: a new address gets its account, an
    empty application and the link that confirms the address; a taken one changes nothing and its owner is told
    by e-mail. Nobody is signed in here: the owner signs in with the password once the link is opened."""
    return _sign_up(email=email, password=password, ip=ip, base_url=base_url, language=language,
                    create=lambda address: merchant_services.owner_signup(
                        email=address, password=password, full_name=full_name.strip()[:150],
                        language=language[:2]),
                    new_kind="owner_verify", taken_kind="owner_signup_taken")


def account_email_send(*, kind: str, user_id: int, base_url: str, language: str) -> None:
    """Write and send one account e-mail (run by `jobs.account_email`): reset link, taken address (shop or
    back-office), welcome, the store owner's confirmation link."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    site = settings.TIJARA_SITE_NAME
    absolute = lambda name, *args: base_url.rstrip("/") + reverse(name, args=args)  # noqa: E731
    with translation.override(language or "fr"):
        if kind == "reset":
            if not user.has_usable_password():
                return
            link = absolute("storefront:password_reset_confirm", urlsafe_base64_encode(force_bytes(user.pk)),
                            default_token_generator.make_token(user))
            subject = _("Reset your password on %(site)s") % {"site": site}
            body = _("Someone asked to reset the password of your account. If it was you, open this link to choose "
                     "a new password:\n\n%(link)s\n\nThe link works once, within %(minutes)d minutes. If you did "
                     "not ask, ignore this message: your password stays as it is.") % {
                "link": link, "minutes": settings.PASSWORD_RESET_TIMEOUT // 60}
        elif kind == "signup_taken":
            subject = _("Your account on %(site)s") % {"site": site}
            body = _("Someone tried to create an account with your e-mail address, which already has one. If "
                     "it was you, sign in: %(signin)s\nForgot your password? %(reset)s\nIf it was not you, "
                     "ignore this message.") % {"signin": absolute("storefront:login"),
                                                "reset": absolute("storefront:password_reset")}
        elif kind == "owner_signup_taken":
            subject = _("Your account on %(site)s") % {"site": site}
            body = _("Someone tried to open a store with your e-mail address, which already has an account. If "
                     "it was you, sign in to continue: %(signin)s\nForgot your password? %(reset)s\nIf it was "
                     "not you, ignore this message.") % {
                "signin": absolute("dashboard:login") + "?next=" + reverse("dashboard:onboarding"),
                "reset": absolute("storefront:password_reset")}
        elif kind == "owner_verify":
            # The signed link is made here, by the job, so the task table never holds it.
            merchant_emails.send_verification_email(
                email=user.email, token=merchant_services.email_verification_token(user=user),
                base_url=base_url, language=language or "fr")
            return
        else:
            subject = _("Welcome to %(site)s") % {"site": site}
            body = _("Your account is created. Sign in with your e-mail address and the password you chose: "
                     "%(signin)s") % {"signin": absolute("storefront:login")}
        mail_send(EmailMessage(str(subject), str(body), None, [user.email]), purpose="transactional")
