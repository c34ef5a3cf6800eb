"""Gap-free counters: one row per series, advanced by a conditional UPDATE … RETURNING inside the caller's
transaction, created on first use by INSERT … ON CONFLICT DO NOTHING (never by rolling back and retrying).

The UPDATE locks the row until the caller commits, so two transactions taking numbers of the same series
follow each other, and a rolled-back one gives its numbers back: no gaps, no duplicates. Order numbers and
invoice and credit-note numbers use it.
"""

from collections.abc import Mapping, Sequence

from django.db import connection, models


def counter_advance(model: type[models.Model], *, where: Mapping[str, object], count: int = 1,
                    returning: Sequence[str] = ("last_number",), field: str = "last_number") -> tuple | None:
    """Add `count` to the counter row matching `where` and return its `returning` columns, or None if no row.

    Callers take several series in a fixed order (merchant pk), so two transactions never wait on each other
    in opposite orders."""
    qn = connection.ops.quote_name
    conditions = " AND ".join(f"{qn(column)} = %s" for column in where)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(model._meta.db_table)} SET {qn(field)} = {qn(field)} + %s WHERE {conditions} "
            f"RETURNING {', '.join(qn(c) for c in returning)}",
            [count, *where.values()],
        )
        row = cursor.fetchone()
    return None if row is None else tuple(row)


def counter_create(row: models.Model) -> None:
    """Insert a counter row unless it exists (INSERT … ON CONFLICT DO NOTHING): a concurrent twin is ignored."""
    type(row).objects.bulk_create([row], ignore_conflicts=True)
