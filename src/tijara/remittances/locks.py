"""Rows remittances lock, always in primary-key order so two imports never deadlock."""

from collections.abc import Iterable

from tijara.fulfilment.models import Shipment
from tijara.remittances.models import RemittanceImport


def import_for_update(batch_id: int) -> RemittanceImport:
    return RemittanceImport.objects.select_for_update().get(pk=batch_id)


def shipments_for_update(ids: Iterable[int]) -> list[int]:
    """Lock the parcels a remittance is about to mark received; returns their ids in lock order."""
    ids = sorted(set(ids))
    locked: list[int] = []
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        locked += list(Shipment.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
                       .values_list("pk", flat=True))
    return locked
