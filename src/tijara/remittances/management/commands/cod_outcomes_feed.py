from django.core.management.base import BaseCommand, CommandError

from tijara.observatory.errors import IngestionRejected
from tijara.remittances.observatory import cod_outcomes_feed


class Command(BaseCommand):
    help = ("Send cash-on-delivery parcels refused at the door (since the last run) to the observatory; delivered "
            "ones reach it as payments through observatory_feed.")

    def handle(self, *args, **options):
        try:
            result = cod_outcomes_feed()
        except IngestionRejected as exc:
            raise CommandError(f"the observatory refused the batch:\n{exc}") from exc
        if result is None:
            self.stdout.write("No refusal since the last run.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"{result.rows_read} refusals read: {result.rows_added} new facts, {result.rows_replaced} replaced, "
            f"{result.rows_unchanged} unchanged."))
