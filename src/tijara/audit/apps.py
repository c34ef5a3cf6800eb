from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tijara.audit"
    label = "audit"
    verbose_name = "Security audit trail"

    def ready(self) -> None:
        from tijara.audit import signals

        signals.connect()
