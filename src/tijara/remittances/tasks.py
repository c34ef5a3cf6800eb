"""Background jobs of remittances: checking a file's rows, then applying an accepted import.

Both record their progress on the import row, which the progress page reads. The faces queue them
right after the service that creates or accepts the import has committed.
"""

import logging

from django_tasks import TaskResultStatus, task

from tijara.remittances import services

log = logging.getLogger(__name__)


@task()
def remittance_check_job(batch_id: int) -> None:
    services.remittance_check(batch_id=batch_id)


@task()
def remittance_apply_job(batch_id: int) -> None:
    services.remittance_apply(batch_id=batch_id)


def remittance_check_queue(batch_id: int) -> None:
    """Queue the check of an uploaded file (the immediate backend runs it now)."""
    if remittance_check_job.enqueue(batch_id).status == TaskResultStatus.FAILED:
        log.error("checking remittance import %s failed", batch_id)


def remittance_apply_queue(batch_id: int) -> None:
    """Queue the application of an accepted import (the immediate backend runs it now)."""
    if remittance_apply_job.enqueue(batch_id).status == TaskResultStatus.FAILED:
        log.error("applying remittance import %s failed", batch_id)
