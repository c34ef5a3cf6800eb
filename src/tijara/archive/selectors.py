"""Archive reads: the records of one order's contract, in chain order (one query)."""

from tijara.archive.models import ContractRecord


def order_records(*, merchant_id: int, order_id: int) -> list[ContractRecord]:
    """Every archived record of an order; the merchant comes first so the read stays within its chain."""
    return list(ContractRecord.objects.filter(merchant_id=merchant_id, order_id=order_id).order_by("sequence"))
