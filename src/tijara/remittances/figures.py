"""Delivery outcomes of a merchant's cash-on-delivery parcels: delivery and refusal rates per city, per carrier
and per week, for the back-office home. Three grouped queries, whatever the number of parcels.

A parcel counts once it has an outcome (delivered, refused at the door, returned or lost), on the day of that
outcome; parcels still travelling are not in the rates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from tijara.core.i18n import current_language
from tijara.fulfilment.models import Shipment, ShipmentStatus
from tijara.merchants.models import Merchant

FINAL = (ShipmentStatus.DELIVERED, ShipmentStatus.REFUSED, ShipmentStatus.RETURNED, ShipmentStatus.LOST)


@dataclass
class OutcomeRow:
    label: str
    delivered: int
    refused: int
    other: int  # returned or lost

    @property
    def total(self) -> int:
        return self.delivered + self.refused + self.other

    @property
    def delivery_rate(self) -> int:
        return round(self.delivered * 100 / self.total) if self.total else 0

    @property
    def refusal_rate(self) -> int:
        return round(self.refused * 100 / self.total) if self.total else 0


@dataclass
class DeliveryFigures:
    days: int
    overall: OutcomeRow
    by_city: list[OutcomeRow]
    by_carrier: list[OutcomeRow]
    by_week: list[OutcomeRow]


def _rows(qs, key: str, *, limit: int | None = None, order_by_key: bool = False) -> list[OutcomeRow]:
    grouped = qs.values(key).annotate(
        delivered=Count("pk", filter=Q(status=ShipmentStatus.DELIVERED)),
        refused=Count("pk", filter=Q(status=ShipmentStatus.REFUSED)),
        other=Count("pk", filter=Q(status__in=[ShipmentStatus.RETURNED, ShipmentStatus.LOST])),
        n=Count("pk"),
    ).order_by(key if order_by_key else "-n", key)
    if limit:
        grouped = grouped[:limit]
    return [OutcomeRow(r[key], r["delivered"], r["refused"], r["other"]) for r in grouped]


def delivery_figures(merchant: Merchant, *, days: int = 30) -> DeliveryFigures:
    """Outcomes of the last `days` days: overall, for the ten busiest cities, per carrier and per week."""
    since = timezone.now() - dt.timedelta(days=days)
    qs = (Shipment.objects.filter(merchant=merchant, status__in=FINAL)
          .annotate(outcome_at=Coalesce("delivered_at", "returned_at", "updated_at"))
          .filter(outcome_at__gte=since))
    city_field = "order__city__name_ar" if current_language() == "ar" else "order__city__name_fr"
    by_city = _rows(qs.annotate(city_name=F(city_field)), "city_name", limit=10)
    by_carrier = _rows(qs.annotate(carrier_name=F("carrier__name")), "carrier_name")
    weeks = _rows(qs.annotate(week=TruncWeek("outcome_at")), "week", order_by_key=True)
    for row in weeks:
        row.label = timezone.localtime(row.label).date() if isinstance(row.label, dt.datetime) else row.label
    overall = OutcomeRow("", sum(r.delivered for r in by_carrier), sum(r.refused for r in by_carrier),
                         sum(r.other for r in by_carrier))
    return DeliveryFigures(days, overall, by_city, by_carrier, weeks)
