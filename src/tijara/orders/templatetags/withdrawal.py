"""`{% withdrawal order %}` / `{% withdrawal %}` (before the order): the one withdrawal text in a page or e-mail."""

from django import template

from tijara.orders.models import Order
from tijara.orders.texts import withdrawal_conditions

register = template.Library()


@register.simple_tag
def withdrawal(order: Order | None = None) -> str:
    return withdrawal_conditions(order)
