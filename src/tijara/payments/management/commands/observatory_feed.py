from django.core.management.base import BaseCommand, CommandError

from tijara.observatory.errors import IngestionRejected
from tijara.payments.observatory import observatory_feed


class Command(BaseCommand):
    help = "Send tijara's captured, refunded and failed payments (changed since the last run) to the observatory."

    def handle(self, *args, **options):
        try:
            result = observatory_feed()
        except IngestionRejected as exc:
            raise CommandError(f"the observatory refused the batch:\n{exc}") from exc
        if result is None:
            self.stdout.write("No payment changed since the last run.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"{result.rows_read} payments read: {result.rows_added} new facts, {result.rows_replaced} replaced, "
            f"{result.rows_unchanged} unchanged."
        ))
