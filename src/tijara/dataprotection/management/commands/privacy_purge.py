"""`tijara privacy_purge`: apply the retention periods now and print the counts [DP-RETENTION]."""

from django.core.management.base import BaseCommand

from tijara.dataprotection.purge import retention_purge, retention_purge_run


class Command(BaseCommand):
    help = "Delete or anonymise personal data past its retention period (--enqueue: as a background job)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue the job for `tijara db_worker`")

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            result = retention_purge.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        for key, count in retention_purge_run().items():
            self.stdout.write(f"{key}\t{count}")
