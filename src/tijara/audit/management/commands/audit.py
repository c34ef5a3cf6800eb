"""`tijara audit verify` checks the security audit chain and names its first broken link [SEC-AUDIT-VERIFY];
`tijara audit purge` removes records older than the retention period [SEC-AUDIT-RETENTION]."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tijara.audit.retention import audit_purge
from tijara.audit.verify import chain_verify


class Command(BaseCommand):
    help = "The security audit trail: verify the hash chain, or purge records past the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check every link of the chain (exit 1 and name the first broken one).")
        sub.add_parser("purge", help="Delete records older than TIJARA_AUDIT_RETENTION_DAYS (at least 365).")

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "purge":
            removed = audit_purge()
            self.stdout.write(f"Purged {removed} audit records past the retention period.")
            return
        report = chain_verify()
        if not report.ok:
            self.stdout.write(f"BROKEN at record {report.broken_sequence}: {report.reason}")
            raise CommandError(f"Audit chain broken at record {report.broken_sequence} "
                               f"({report.checked} records checked before it).", returncode=1)
        self.stdout.write(f"OK: {report.checked} audit records, every link unbroken.")
