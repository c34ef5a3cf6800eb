"""Row locks of the fulfilment app, taken in one place (primary-key order when several)."""

from tijara.fulfilment.models import CallTask, Shipment


def call_task_for_update(pk: int) -> CallTask:
    return CallTask.objects.select_for_update().get(pk=pk)


def shipment_for_update(pk: int) -> Shipment:
    return Shipment.objects.select_for_update().get(pk=pk)


def shipments_for_update(ids: list[int]) -> list[Shipment]:
    return list(Shipment.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
