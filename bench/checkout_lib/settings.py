"""Settings of the checkout bench: the project's settings with the durable django-tasks queue
(django_tasks_db's DatabaseBackend), so acknowledgement e-mails are queued in the confirmation
transaction and sent by a `tijara db_worker` process, as in production.

TIJARA_BENCH_SERVER_SIDE_BINDING=1 (bench/checkout --server-side-binding) tries psycopg's server-side
parameter binding, which lets PostgreSQL reuse prepared plans of repeated queries instead of planning
every multi-join query again (a proposal for the project settings, off by default).
"""

import os

from tijara.config.settings import *  # noqa: F403
from tijara.config.settings import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if os.environ.get("TIJARA_BENCH_SERVER_SIDE_BINDING") == "1" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True)
