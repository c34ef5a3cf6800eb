"""Delivery outcomes of a merchant's cash-on-delivery parcels: delivery and refusal rates per city, per carrier
and per week, for the back-office home. One grouped query, whatever the number of parcels.

A parcel counts once it has an outcome (delivered, refused at the door, returned or lost), on the day of that
outcome; parcels still travelling are not in the rates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F
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


def delivery_figures(merchant: Merchant, *, days: int = 30) -> DeliveryFigures:
    """Outcomes of the last `days` days: overall, for the ten busiest cities, per carrier and per week.

    One grouped query (city x carrier x week x outcome, a few hundred rows at most), summed three ways here.
    """
    since = timezone.now() - dt.timedelta(days=days)
    city_field = "order__city__name_ar" if current_language() == "ar" else "order__city__name_fr"
    grouped = (Shipment.objects.filter(merchant=merchant, status__in=FINAL)
               .annotate(outcome_at=Coalesce("delivered_at", "returned_at", "updated_at"))
               .filter(outcome_at__gte=since)
               .annotate(city_name=F(city_field), carrier_name=F("carrier__name"), week=TruncWeek("outcome_at"))
               .values("city_name", "carrier_name", "week", "status").annotate(n=Count("pk"))
               .order_by("city_name", "carrier_name", "week", "status"))
    tables: dict[str, dict] = {"city": {}, "carrier": {}, "week": {}}
    overall = OutcomeRow("", 0, 0, 0)
    for r in grouped:
        week = r["week"]
        week = timezone.localtime(week).date() if isinstance(week, dt.datetime) and timezone.is_aware(week) else (
            week.date() if isinstance(week, dt.datetime) else week)
        for kind, key in (("city", r["city_name"]), ("carrier", r["carrier_name"]), ("week", week)):
            _add(tables[kind].setdefault(key, OutcomeRow(key, 0, 0, 0)), r["status"], r["n"])
        _add(overall, r["status"], r["n"])
    by_volume = lambda rows: sorted(rows, key=lambda row: (-row.total, str(row.label)))  # noqa: E731
    return DeliveryFigures(days, overall, by_volume(tables["city"].values())[:10],
                           by_volume(tables["carrier"].values()),
                           sorted(tables["week"].values(), key=lambda row: row.label))


def _add(row: OutcomeRow, status: str, n: int) -> None:
    if status == ShipmentStatus.DELIVERED:
        row.delivered += n
    elif status == ShipmentStatus.REFUSED:
        row.refused += n
    else:
        row.other += n
