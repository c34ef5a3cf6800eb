import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tijara.catalog.seed import demo_present, demo_reset, seed


class Command(BaseCommand):
    help = "Seed a demo marketplace: 24 validated merchants over the 12 regions, 3 pending, N products."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        parser.add_argument("--products", type=int, default=1200, help="number of products (default 1200)")
        parser.add_argument("--reset", action="store_true", help="delete existing merchants and products first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when merchants already exist")

    def handle(self, *args, **options):
        if options["products"] < 0 or options["products"] > 2_000_000:
            raise CommandError("--products must be between 0 and 2,000,000")
        if demo_present():
            if options["if_empty"]:
                self.stdout.write("Database already seeded; nothing to do.")
                return
            if not options["reset"]:
                raise CommandError("The database already has merchants. Use --reset to replace them.")
            demo_reset()
        started = time.monotonic()
        with Progress(TextColumn("seeding products"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      disable=not self.stdout.isatty()) as bar:
            task = bar.add_task("seed", total=options["products"])
            counts = seed(seed=options["seed"], products=options["products"],
                          progress=lambda done, total: bar.update(task, completed=done))
        with connection.cursor() as cursor:  # fresh statistics so planners walk the date/price indexes
            cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {counts['merchants_validated']} validated and {counts['merchants_pending']} pending merchants, "
            f"{counts['products']} products, {counts['variants']} variants in {elapsed:.1f} s."
        ))
