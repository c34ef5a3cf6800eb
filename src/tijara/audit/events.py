"""The security events the audit trail records [SEC-AUDIT-EVENTS]. Every caller names one of these."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_IN_LOCKED = "sign_in_locked", _("Sign-in locked")
    SIGN_OUT_ALL = "sign_out_all", _("Signed out of every session")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor authentication enabled")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-factor authentication disabled")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    ROLE_CHANGED = "role_changed", _("Role changed")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    MERCHANT_VALIDATED = "merchant_validated", _("Merchant validated")
    MERCHANT_SUSPENDED = "merchant_suspended", _("Merchant suspended")
    BANK_DETAILS_CHANGED = "bank_details_changed", _("Bank details changed")
    SETTINGS_CHANGED = "settings_changed", _("Settings changed")
    REFUND = "refund", _("Refund")
    PAYOUT = "payout", _("Payout")
    DATA_EXPORT = "data_export", _("Data export")
    DATA_ERASURE = "data_erasure", _("Data erasure")
    PERSONAL_DATA_VIEWED = "personal_data_viewed", _("Personal data viewed")
    INCIDENT_OPENED = "incident_opened", _("Incident opened")
    INCIDENT_NOTIFIED = "incident_notified", _("Incident notified")
    INCIDENT_CLOSED = "incident_closed", _("Incident closed")
