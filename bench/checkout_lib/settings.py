"""Settings of the checkout bench: the project's settings unchanged (acknowledgement e-mails already go
through the durable django-tasks database queue, sent by `tijara db_worker`), plus one option.

TIJARA_BENCH_SERVER_SIDE_BINDING=1 (bench/checkout --server-side-binding) tries psycopg's server-side
parameter binding, which lets PostgreSQL reuse prepared plans of repeated queries instead of planning
every multi-join query again (a proposal for the project settings, off by default).

Only add here what the project settings do not have: anything they already list (apps, backends) must
come from them, or the bench measures a different program.
"""

import os

from tijara.config.settings import *  # noqa: F403
from tijara.config.settings import DATABASES

if os.environ.get("TIJARA_BENCH_SERVER_SIDE_BINDING") == "1" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True)
