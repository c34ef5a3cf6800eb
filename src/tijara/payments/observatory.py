"""tijara's own settled payments become observatory facts: amounts, method, regions — no personal data.

Incremental and idempotent: each run reads payments changed since the watermark of the last batch
(inclusive, so a payment updated in the same instant is not missed) and the observatory upserts by
payment id, so a payment read twice is counted once and a later refund replaces its capture.
"""

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from tijara.observatory.services import IngestResult, PaymentRecord, ingest_tijara_payments, tijara_watermark
from tijara.payments.models import CardOrigin, Payment, PaymentStatus

# What the observatory counts, and how: a COD order counts once the cash is collected, as a non-card
# payment [OBS-NON-CARD]. An operation is a successful payment, later refunds included: a refund (partial or
# full) turns its fact into status "refunded", still with the amount that was captured, never a negative or
# zero amount (the observatory counts refunded operations apart, by their original amount).
OBSERVED_STATUSES = {
    PaymentStatus.CAPTURED: "captured",
    PaymentStatus.PARTIALLY_REFUNDED: "refunded",
    PaymentStatus.REFUNDED: "refunded",
    PaymentStatus.FAILED: "failed",
}
# Provider code → observatory payment method; a card says its origin (the issuer's country in the callback).
METHODS = {"cod": "cod", "card": "domestic_card", "transfer": "transfer", "wallet": "wallet"}


def payment_method(provider: str, card_origin: str) -> str:
    if provider == "card" and card_origin == CardOrigin.FOREIGN:
        return "foreign_card"
    return METHODS[provider]


def payment_records(*, since: dt.datetime | None = None) -> Iterator[tuple[dt.datetime, PaymentRecord]]:
    """Observed payments changed since `since`, oldest change first, with the change time."""
    qs = (
        Payment.objects.filter(status__in=list(OBSERVED_STATUSES), provider__in=list(METHODS))
        .select_related("order", "merchant")
        .only("pk", "provider", "status", "amount", "captured_amount", "card_origin", "currency", "captured_at",
              "updated_at",
              "order__region_id",
              "merchant__id", "merchant__region_id", "merchant__sector", "merchant__validated_at",
              "merchant__created_at")
        .order_by("updated_at", "pk")
    )
    if since is not None:
        qs = qs.filter(updated_at__gte=since)
    for payment in qs.iterator(chunk_size=2000):
        merchant = payment.merchant
        validated = timezone.localtime(merchant.validated_at or merchant.created_at)  # the Casablanca day
        yield payment.updated_at, PaymentRecord(
            payment_id=str(payment.pk),
            occurred_at=payment.captured_at or payment.updated_at,  # a later refund keeps the operation's day
            merchant_ref=str(merchant.pk),
            merchant_region=merchant.region_id,
            merchant_sector=merchant.sector,
            merchant_validated_on=validated.date(),
            amount_mad=payment.captured_amount if payment.captured_amount > 0 else payment.amount,
            payment_method=payment_method(payment.provider, payment.card_origin),
            status=OBSERVED_STATUSES[payment.status],
            buyer_country="MA",
            buyer_region=payment.order.region_id,
            original_currency=payment.currency,
        )


def observatory_feed() -> IngestResult | None:
    """Send payments changed since the last batch to the observatory; None when nothing changed."""
    watermark = tijara_watermark()
    since = dt.datetime.fromisoformat(watermark) if watermark else None
    rows = list(payment_records(since=since))
    if not rows:
        return None
    newest = max(changed for changed, _record in rows)
    return ingest_tijara_payments((record for _changed, record in rows), watermark=newest.isoformat())
