from django.core.management.base import BaseCommand

from tijara.shipping.services import shipping_defaults_ensure


class Command(BaseCommand):
    help = "Give every merchant without shipping methods a home delivery and a relay-point method (idempotent)."

    def handle(self, *args, **options) -> None:
        count = shipping_defaults_ensure()
        self.stdout.write(f"shipping methods created for {count} merchant(s)")
