"""Row locks of the ledger, always taken in primary-key order."""

from tijara.ledger.models import Payout
from tijara.merchants.locks import merchant_for_update

__all__ = ["merchant_for_update", "payout_for_update"]


def payout_for_update(pk: int) -> Payout:
    return Payout.objects.select_for_update().get(pk=pk)
