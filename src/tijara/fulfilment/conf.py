"""The fulfilment settings with their defaults (each documented in docs/compliance.md, settings table)."""

from django.conf import settings


def max_unanswered() -> int:
    """Unanswered calls after which a COD order is cancelled [COD-CALL-CANCEL]."""
    return int(getattr(settings, "TIJARA_COD_MAX_UNANSWERED", 3))


def claim_minutes() -> int:
    """How long a claimed call stays with its staff member [COD-CALL-CLAIM]."""
    return int(getattr(settings, "TIJARA_COD_CLAIM_MINUTES", 10))


def retry_minutes() -> int:
    """When an unanswered call comes back to the top of the queue."""
    return int(getattr(settings, "TIJARA_COD_RETRY_MINUTES", 120))


def risk_min_orders() -> int:
    """Orders of other stores below which the platform-wide refusal rate is not shown [COD-RISK]."""
    return int(getattr(settings, "TIJARA_COD_RISK_MIN_ORDERS", 10))


def risk_min_merchants() -> int:
    """Other stores below which the platform-wide refusal rate is not shown [COD-RISK]."""
    return int(getattr(settings, "TIJARA_COD_RISK_MIN_MERCHANTS", 3))


def status_file_max_rows() -> int:
    return int(getattr(settings, "TIJARA_COD_STATUS_FILE_MAX_ROWS", 10_000))
