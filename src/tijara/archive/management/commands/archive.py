"""`tijara archive verify` checks every chain and signature; `tijara archive public-key` prints the key [EC-ARCHIVE]."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tijara.archive import signing
from tijara.archive.verify import archive_verify


class Command(BaseCommand):
    help = "The signed contract archive: verify every chain and signature, or print the public key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check every merchant's chain and every signature (exit 1 if altered).")
        verify.add_argument("--every", type=int, default=10_000, help="Print progress every N records.")
        verify.add_argument("--public-key", default="",
                            help="Base64 public key to check against (default: derived from the signing key).")
        key = sub.add_parser("public-key", help="Print the platform's Ed25519 public key.")
        key.add_argument("--format", choices=["pem", "base64"], default="pem")

    def handle(self, *args: object, **options: object) -> None:
        try:
            self._handle(options)
        except ImproperlyConfigured as exc:  # no signing key here: say what to do, without a traceback
            raise CommandError(f"{exc} (to only check, pass --public-key with the published key)") from exc

    def _handle(self, options: dict) -> None:
        if options["action"] == "public-key":
            self.stdout.write(signing.public_key_pem().strip() if options["format"] == "pem"
                              else signing.public_key_b64())
            return

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"checked {done} of {total} records…")

        try:
            key = signing.public_key_from_b64(options["public_key"]) if options["public_key"] else None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        checked, failures = archive_verify(progress=progress, every=max(1, int(options["every"])), key=key)
        if failures:
            for failure in failures:
                self.stdout.write(f"ALTERED {failure}")
            raise CommandError(f"{len(failures)} chain(s) broken among {checked} records checked.", returncode=1)
        self.stdout.write(f"OK: {checked} records, every chain unbroken and every signature valid.")
