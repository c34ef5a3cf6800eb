from django.core.management.base import BaseCommand

from tijara.payments.expiry import payments_expire


class Command(BaseCommand):
    help = ("Cancel card checkouts left unpaid past TIJARA_CARD_PAYMENT_TIMEOUT_MINUTES (orders cancelled, stock "
            "released). Safe to run as often as wanted, e.g. every minute from cron.")

    def handle(self, *args, **options):
        expired = payments_expire()
        self.stdout.write(f"{expired} unpaid card checkouts expired.")
