"""Account e-mails as django-tasks jobs: the page answers at once, in the same time whether an e-mail goes out
or not, so its timing does not tell whether an address has an account [SEC-AUTH-ENUMERATION].

A job carries the user's id, never the reset token: the token is made when the e-mail is written, so the task
table holds nothing that would open an account.
"""

import logging

from django.db import transaction
from django_tasks import TaskResultStatus, task

log = logging.getLogger(__name__)


@task()
def account_email(kind: str, user_id: int, base_url: str, language: str) -> None:
    from tijara.accounts import passwords

    passwords.account_email_send(kind=kind, user_id=user_id, base_url=base_url, language=language)


def account_email_queue(*, kind: str, user_id: int, base_url: str, language: str) -> None:
    """Queue once the caller's transaction commits."""

    def enqueue() -> None:
        result = account_email.enqueue(kind, user_id, base_url, language)
        if result.status == TaskResultStatus.FAILED:
            log.error("account e-mail %s for user %s failed: %s", kind, user_id, result.errors)

    transaction.on_commit(enqueue)
