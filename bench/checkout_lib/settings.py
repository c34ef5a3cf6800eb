"""Settings of the checkout bench: the project's settings with the durable django-tasks queue
(django_tasks_db's DatabaseBackend), so acknowledgement e-mails are queued in the confirmation
transaction and sent by a `tijara db_worker` process, as in production."""

from tijara.config.settings import *  # noqa: F403
from tijara.config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
