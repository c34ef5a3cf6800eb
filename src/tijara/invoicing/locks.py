"""Row locks of invoicing: the merchants' document counters, always in merchant pk order."""

from tijara.core.counters import counter_advance, counter_create
from tijara.invoicing.models import DocumentCounter


def numbers_take(merchant_id: int, series: str, count: int) -> int:
    """Advance the merchant's counter of `series` by `count` (creating it on first use); the new last number.

    The row stays locked until the issuing transaction ends, so numbers follow each other without gaps."""
    where = {"merchant_id": merchant_id, "series": series}
    row = counter_advance(DocumentCounter, where=where, count=count)
    if row is None:
        counter_create(DocumentCounter(merchant_id=merchant_id, series=series))
        row = counter_advance(DocumentCounter, where=where, count=count)
    assert row is not None
    return row[0]
