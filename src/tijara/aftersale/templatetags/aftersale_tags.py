"""`{% aftersale_box order %}`: the after-sale part of the buyer's order page (withdrawal link and state, refunds
due, the cancellation of a late delivery)."""

from django import template

from tijara.aftersale.selectors import order_rights

register = template.Library()


@register.inclusion_tag("aftersale/_order_box.html", takes_context=True)
def aftersale_box(context, order) -> dict:
    return {"order": order, "rights": order_rights(order), "csrf_token": context.get("csrf_token"),
            "user": context.get("user")}
