"""A moved clock for seeding the demo's past: every service then dates what it writes at that instant.

Django's `timezone.now()` (and so every `default=timezone.now` and `auto_now` field) reads
`django.utils.timezone.datetime.now`; swapping that one name for the seeding's duration dates orders, invoices,
archive records, payments and shipments consistently in the past, without writing any row by hand.
Only for `tijara seed_demo`: never used while serving requests.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

_real = dt.datetime


class _SameClass(type):
    def __instancecheck__(cls, obj: object) -> bool:  # real datetimes stay instances of the stand-in
        return isinstance(obj, _real)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, _real)


@contextmanager
def demo_clock(at: dt.datetime) -> Iterator[None]:
    """Within the block, `timezone.now()` answers `at` (aware)."""
    assert at.tzinfo is not None

    class Moved(_real, metaclass=_SameClass):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:
            return at.astimezone(tz) if tz is not None else at.astimezone().replace(tzinfo=None)

    with mock.patch("django.utils.timezone.datetime", Moved):
        yield
