"""E-mails of the after-sale domain and the daily reminder, as django-tasks jobs.

The acknowledgement of a withdrawal and the notice of an unavailable item are queued by the transaction that
records them (with the immediate backend they run right after commit). The daily reminder is queued by
`tijara aftersale_remind`, which cron (or any scheduler) runs once a day; a worker (`tijara db_worker`) runs it.
"""

import datetime as dt
import logging

from django.db import transaction
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

log = logging.getLogger(__name__)


@task()
def withdrawal_acknowledgement(withdrawal_id: int) -> None:
    """Tell the buyer their withdrawal is recorded, with the lines, the amount and the refund's last day."""
    from tijara.aftersale import emails

    emails.withdrawal_acknowledgement_send(withdrawal_id)


@task()
def line_unavailable_notice(line_id: int) -> None:
    """Tell the buyer an item of their order is unavailable and cancelled, and when they are refunded."""
    from tijara.aftersale import emails

    emails.line_unavailable_send(line_id)


@task()
def aftersale_reminders(day: str = "") -> int:
    """The daily reminder: each merchant with refunds or deliveries near or past their deadline gets one e-mail.
    Returns how many merchants were reminded."""
    from tijara.aftersale import services

    return services.reminders_send(today=dt.date.fromisoformat(day) if day else None)


def queue(job, *args) -> None:
    """Queue a job from inside the transaction that found the work (it runs once that commits)."""
    backend = task_backends[job.backend]
    if isinstance(backend, ImmediateBackend):
        transaction.on_commit(lambda: _enqueue(job, args))
    else:
        _enqueue(job, args)


def _enqueue(job, args: tuple) -> None:
    result = job.enqueue(*args)
    if result.status == TaskResultStatus.FAILED:
        log.error("aftersale job %s%r failed: %s", job.name, args, result.errors)
