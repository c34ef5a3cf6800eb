"""Row locks of the merchants domain, always taken in primary-key order."""

from tijara.merchants.models import Merchant


def merchant_for_update(pk: int) -> Merchant:
    return Merchant.objects.select_for_update().get(pk=pk)
