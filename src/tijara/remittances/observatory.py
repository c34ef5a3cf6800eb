"""The cash-on-delivery outcome of each order reaches the observatory, without personal data [OBS-COD-REGION].

A delivered COD parcel already counts there as a captured non-card payment (payments.observatory). What the
payments feed cannot see is a parcel refused at the door: its order is cancelled and no money changes hands.
This feed sends each refusal as a COD fact with status "failed": the amount the buyer refused, the merchant
(pseudonymised by the observatory) and the buyer's region — never a name, a phone, an address or an order
number. Incremental and idempotent like the payments feed: one fact per order, upserted by its id.
"""

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from tijara.fulfilment.models import Shipment, ShipmentStatus
from tijara.observatory.services import IngestResult, PaymentRecord, ingest_tijara_payments, tijara_watermark
from tijara.orders.models import PaymentMethod

FEED = "cod_outcomes"


def cod_refusal_records(*, since: dt.datetime | None = None) -> Iterator[tuple[dt.datetime, PaymentRecord]]:
    """COD parcels refused at the door, changed since `since`, oldest change first, with the change time."""
    qs = (Shipment.objects.filter(status=ShipmentStatus.REFUSED, order__payment_method=PaymentMethod.COD)
          .select_related("order", "merchant")
          .only("pk", "updated_at", "returned_at", "order__id", "order__total", "order__region_id",
                "merchant__id", "merchant__region_id", "merchant__sector", "merchant__validated_at",
                "merchant__created_at")
          .order_by("updated_at", "pk"))
    if since is not None:
        qs = qs.filter(updated_at__gte=since)
    for shipment in qs.iterator(chunk_size=2000):
        merchant, order = shipment.merchant, shipment.order
        if order.total <= 0:
            continue
        validated = timezone.localtime(merchant.validated_at or merchant.created_at)
        yield shipment.updated_at, PaymentRecord(
            payment_id=f"cod-refused-{order.pk}",
            occurred_at=shipment.returned_at or shipment.updated_at,
            merchant_ref=str(merchant.pk),
            merchant_region=merchant.region_id,
            merchant_sector=merchant.sector,
            merchant_validated_on=validated.date(),
            amount_mad=order.total,
            payment_method="cod",
            status="failed",
            buyer_country="MA",
            buyer_region=order.region_id,
        )


def cod_outcomes_feed() -> IngestResult | None:
    """Send refusals recorded since the last run to the observatory; None when there is none."""
    watermark = tijara_watermark(feed=FEED)
    rows = list(cod_refusal_records(since=dt.datetime.fromisoformat(watermark) if watermark else None))
    if not rows:
        return None
    newest = max(changed for changed, _record in rows)
    return ingest_tijara_payments((record for _changed, record in rows), watermark=newest.isoformat(), feed=FEED)
