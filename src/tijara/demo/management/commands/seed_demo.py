import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tijara.demo.seeding import demo_seed, demo_seeded

SIGN_IN = {"owner": "/fr/dashboard/", "reviewer": "/fr/dashboard/review/", "buyer": "/fr/account/"}


class Command(BaseCommand):
    help = ("Demo accounts (store owner, platform reviewer, buyer; passwords drawn per install into an owner-only "
            "file) and a few months of the store's orders through the real services. First run only.")

    def add_arguments(self, parser):
        parser.add_argument("--accounts-file", default="var/demo_accounts.json", help="where the passwords are kept")
        parser.add_argument("--orders", type=int, default=120, help="orders of the demo store (default 120)")
        parser.add_argument("--days", type=int, default=120, help="spread over the last N days (default 120)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        if not 0 <= opts["orders"] <= 5000 or not 1 <= opts["days"] <= 730:
            raise CommandError("--orders must be 0..5000 and --days 1..730")
        path = Path(opts["accounts_file"])
        if demo_seeded():
            self.stdout.write("Demo accounts and orders already there; nothing to do.")
        else:
            started = time.monotonic()
            try:
                _accounts, counts = demo_seed(accounts_file=path, seed=opts["seed"], days=opts["days"],
                                              orders=opts["orders"])
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
            summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
            self.stdout.write(self.style.SUCCESS(
                f"Seeded demo accounts and {sum(counts.values())} orders ({summary}) "
                f"in {time.monotonic() - started:.1f} s."))
        self.print_accounts(path)

    def print_accounts(self, path: Path) -> None:
        import json
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            self.stdout.write(f"(the demo passwords were written to {path} on the first run; that file is gone)")
            return
        self.stdout.write(f"Demo sign-in (passwords in {path}, readable by you only) — "
                          f"store “{data['store_name']}” (/fr/store/{data['store']}/):")
        for acc in data["accounts"]:
            self.stdout.write(f"  {acc['role']:<9} {acc['email']:<30} {acc['password']}   "
                              f"http://127.0.0.1:8000{SIGN_IN[acc['role']]}")
        self.stdout.write("  The owner and the reviewer enrol a second factor (an authenticator app) at their first "
                          "back-office page while TIJARA_TWO_FACTOR_REQUIRED is on (the default).")
