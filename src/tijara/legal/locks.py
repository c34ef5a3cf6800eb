"""Row locks of the legal app, always taken here."""

from tijara.legal.models import TermsOfSale


def draft_for_update(merchant_id: int) -> TermsOfSale:
    """The merchant's draft, locked: publishing numbers versions under this lock, so two publishes never
    take the same number. The draft row is created first (INSERT … ON CONFLICT DO NOTHING through
    get_or_create's unique merchant) when missing."""
    TermsOfSale.objects.get_or_create(merchant_id=merchant_id)
    return TermsOfSale.objects.select_for_update().get(merchant_id=merchant_id)
