"""Customer account writes."""

from django.db import transaction

from tijara.accounts.models import User


def customer_sign_up(*, email: str, password: str, full_name: str = "", language: str = "fr") -> User:
    """Create a customer account; the password is hashed with Argon2 (settings.PASSWORD_HASHERS)."""
    with transaction.atomic():
        return User.objects.create_user(email=email, password=password, full_name=full_name.strip()[:150],
                                        preferred_language=language[:2])
