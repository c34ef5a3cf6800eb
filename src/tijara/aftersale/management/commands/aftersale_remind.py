"""`tijara aftersale_remind`: queue today's after-sale reminder (run it once a day from cron or a scheduler)."""

from django.core.management.base import BaseCommand

from tijara.aftersale.jobs import aftersale_reminders


class Command(BaseCommand):
    help = "Queue the daily reminder of refunds and deliveries near or past their deadline (one e-mail per store)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true", help="run it in this process instead of queueing it")

    def handle(self, *args, now: bool = False, **options) -> None:
        if now:
            count = aftersale_reminders.call()
            self.stdout.write(f"{count} store(s) reminded")
        else:
            result = aftersale_reminders.enqueue()
            self.stdout.write(f"queued {result.id}")
