"""Second factor at sign-in [SEC-AUTH-2FA]: TOTP (RFC 6238, any authenticator app) and one-time recovery codes.

The TOTP secret is stored encrypted (Fernet, key derived from the secret key): a copy of the database alone
does not let anyone compute codes. A code is accepted once: the device keeps the last time step used and moves it forward with a conditional
UPDATE, so two requests carrying the same code cannot both pass. Recovery codes are stored as HMAC-SHA256
keyed by the server's secret key (a stolen table alone does not give them back) and spent the same way.
"""

import base64
import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from tijara.accounts.models import RecoveryCode, TwoFactorDevice, User
from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.core.errors import DomainError

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper without doubt
STEP_SECONDS = 30


class TwoFactorError(DomainError):
    code = "two_factor"


def _fernet() -> MultiFernet:
    """Encryption of the stored secrets, keyed by the secret key (and its fallbacks while it is rotated)."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"tijara.totp:{key}".encode()).digest()))
                        for key in keys])


def _seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def _unseal(sealed: str) -> str | None:
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None  # the secret key changed without a fallback: the user falls back on a recovery code


def totp_secret_new() -> str:
    return pyotp.random_base32()


def totp_uri(*, secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=settings.TIJARA_SITE_NAME)


def qr_svg(uri: str) -> str:
    """The QR code as an inline <svg> element (no script, no external request; fine under the CSP)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff")


def two_factor_enabled(user: User) -> bool:
    return TwoFactorDevice.objects.filter(user=user).exists()


def two_factor_required(user: User) -> bool:
    """Merchant owners and managers and platform staff must use a second factor when the setting is on."""
    if not settings.TIJARA_TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    from tijara.merchants.models import MerchantMembership, Role

    return MerchantMembership.objects.filter(user=user, role__in=[Role.OWNER, Role.MANAGER]).exists()


def _code_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return salted_hmac("tijara.accounts.recovery_code", normalised, algorithm="sha256").hexdigest()


def _new_codes(user: User) -> list[str]:
    codes = ["-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
             for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_code_hash(c)) for c in codes])
    return codes


def _totp_step(secret: str, code: str, *, after: int) -> int | None:
    """The time step (now, or one step either side for clock drift) whose code matches, if later than `after`."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp, now_step = pyotp.TOTP(secret), int(time.time()) // STEP_SECONDS
    for step in (now_step, now_step - 1, now_step + 1):
        if step > after and hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def two_factor_enable(*, user: User, secret: str, code: str, ip: str = "") -> list[str]:
    """Turn the second factor on once the user proved their app shows the right code; returns the recovery
    codes, shown once and never again."""
    step = _totp_step(secret, code, after=0)
    if step is None:
        raise TwoFactorError(_("This code is not the one your app shows. Check the time of your phone and try "
                               "again."), "code")
    with transaction.atomic():
        TwoFactorDevice.objects.update_or_create(user=user, defaults={
            "secret": _seal(secret), "last_step": step, "confirmed_at": timezone.now()})
        codes = _new_codes(user)
        audit_record(AuditEvent.TWO_FACTOR_ENABLED, actor=user, target=f"user:{user.pk}", ip=ip)
    return codes


def two_factor_disable(*, user: User, ip: str = "") -> None:
    """Turn the second factor off (the view asks for the password first). Refused while it is required."""
    if two_factor_required(user):
        raise TwoFactorError(_("Your role requires two-step sign-in: it cannot be turned off."), None)
    with transaction.atomic():
        TwoFactorDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit_record(AuditEvent.TWO_FACTOR_DISABLED, actor=user, target=f"user:{user.pk}", ip=ip)


def recovery_codes_renew(*, user: User, ip: str = "") -> list[str]:
    """New recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _new_codes(user)
        audit_record(AuditEvent.TWO_FACTOR_ENABLED, actor=user, target=f"user:{user.pk}",
                     data={"recovery_codes": "renewed"}, ip=ip)
    return codes


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def two_factor_check(*, user: User, code: str, ip: str = "") -> str | None:
    """'totp' or 'recovery' when `code` is a valid, unused code of the user's, else None."""
    device = TwoFactorDevice.objects.filter(user=user).first()
    if device is None:
        return None
    secret = _unseal(device.secret)
    step = _totp_step(secret, code, after=device.last_step) if secret else None
    if step is not None:
        moved = TwoFactorDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
        return "totp" if moved else None
    if len(code.strip()) < 10:
        return None
    with transaction.atomic():
        spent = RecoveryCode.objects.filter(user=user, code_hash=_code_hash(code), used_at__isnull=True).update(
            used_at=timezone.now())
        if not spent:
            return None
        audit_record(AuditEvent.RECOVERY_CODE_USED, actor=user, target=f"user:{user.pk}", ip=ip)
    return "recovery"
