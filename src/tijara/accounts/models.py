"""People who sign in: customers, merchant team members and platform staff share one user table."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("an email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Signs in with an email address; passwords hashed with Argon2 (settings.PASSWORD_HASHERS)."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=13, blank=True, help_text="+212 followed by 9 digits")
    preferred_language = models.CharField(max_length=2, default="fr")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="platform staff: admin site and review queue")
    date_joined = models.DateTimeField(default=timezone.now)
    # Changed by "sign out of every session" [SEC-AUTH-SESSIONS]: every session signed before it stops working.
    session_stamp = models.CharField(max_length=32, blank=True, default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's session check over the password hash, plus the session stamp: a new password or a new
        stamp ends every other session [SEC-AUTH-SESSIONS]. An empty stamp gives Django's own hash."""
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = self.password if not self.session_stamp else f"{self.password}|{self.session_stamp}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class TwoFactorDevice(models.Model):
    """A user's TOTP authenticator [SEC-AUTH-2FA]: the shared secret (base32, stored encrypted by
    `two_factor`) and the last time step used, so a code is accepted once."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=255)
    last_step = models.BigIntegerField(default=0)
    confirmed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"TOTP of user {self.user_id}"


class RecoveryCode(models.Model):
    """A one-time code to sign in without the authenticator, stored as a keyed hash (HMAC-SHA256)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique")]

    def __str__(self) -> str:
        return f"recovery code {self.pk} of user {self.user_id}"
