"""Row locks of the after-sale domain, always in primary-key order (after the order's own row, if any)."""

from tijara.aftersale.models import RefundDue, Withdrawal
from tijara.core.errors import NotFound


def refund_due_for_update(merchant_id: int, refund_due_id: int) -> RefundDue:
    """The merchant's refund due, locked; another store's id is not found."""
    row = RefundDue.objects.select_for_update().filter(pk=refund_due_id, merchant_id=merchant_id).first()
    if row is None:
        raise NotFound("refund not found", "id")
    return row


def withdrawal_for_update(merchant_id: int, withdrawal_id: int) -> Withdrawal:
    row = Withdrawal.objects.select_for_update().filter(pk=withdrawal_id, merchant_id=merchant_id).first()
    if row is None:
        raise NotFound("withdrawal not found", "id")
    return row
