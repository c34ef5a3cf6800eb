"""`{% order_tracking order %}`: the parcel of a shipped order on the buyer's page (carrier, tracking number)."""

from django import template

from tijara.fulfilment.selectors import order_shipment
from tijara.orders.models import Order, OrderStatus

register = template.Library()

SHIPPED_STATUSES = (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED)


@register.inclusion_tag("storefront/shop/_order_tracking.html")
def order_tracking(order: Order) -> dict:
    """Reads the shipment only once the order has shipped (one query; none for the pages of new orders)."""
    shipment = order_shipment(order) if order.status in SHIPPED_STATUSES else None
    return {"order": order, "shipment": shipment}
