"""Money given back through the card gateway without anyone waiting for it: django-tasks jobs.

Two cases, both queued by the transaction that discovers them, so nothing is forgotten if the process stops:
- a paid card order that gets cancelled: what is left of its payment is refunded;
- a card attempt the bank approved after its checkout was closed (paid otherwise, cancelled, expired or
  switched to cash): whatever the gateway captured for its `oid` is given back.
Each job clears the staff flag it was queued with once the gateway says yes; otherwise the flag stays for
staff. With the durable backend a worker (`tijara db_worker`) runs them; with the immediate backend (demo,
tests) they run right after commit.
"""

import logging

from django.db import transaction
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

log = logging.getLogger(__name__)


@task()
def payment_refund_due(payment_id: int, note: str) -> None:
    """Refund what is left of a cancelled order's card payment, then clear its flag."""
    from tijara.payments import refunds

    refunds.payment_refund_due(payment_id=payment_id, note=note)


@task()
def card_attempt_give_back(attempt_id: int, note: str) -> None:
    """Give back an approved attempt nobody claimed, then clear the flags it raised."""
    from tijara.payments import services

    services.card_attempt_give_back(attempt_id=attempt_id, note=note)


def queue(job, *args) -> None:
    """Queue a job from inside the transaction that found the work (it runs once that commits)."""
    backend = task_backends[job.backend]
    if isinstance(backend, ImmediateBackend):
        transaction.on_commit(lambda: _enqueue(job, args))
    else:
        _enqueue(job, args)


def _enqueue(job, args: tuple) -> None:
    result = job.enqueue(*args)
    if result.status == TaskResultStatus.FAILED:  # immediate backend: the staff flag stays
        log.error("payments job %s%r failed: %s", job.name, args, result.errors)
