"""`{% order_cod_panel order %}`: on an order's back-office page, the phone's record and the COD links [COD-RISK]."""

from django import template

from tijara.fulfilment import selectors

register = template.Library()


@register.inclusion_tag("dashboard/fulfilment/_order_panel.html", takes_context=True)
def order_cod_panel(context, order) -> dict:
    """Two queries: the number's record in this store (and elsewhere, when allowed), and the order's parcel."""
    return {"order": order, "risk": selectors.phone_risk(order.merchant, order.phone),
            "shipment": selectors.order_shipment(order)}
