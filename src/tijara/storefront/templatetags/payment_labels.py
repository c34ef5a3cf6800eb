"""`{{ order.payment_method|payment_label }}`: the payment provider's name in the page's language."""

from django import template

from tijara.payments.providers import UnknownPaymentMethod, get_provider

register = template.Library()


@register.filter
def payment_label(code: str) -> str:
    try:
        return get_provider(code).label
    except UnknownPaymentMethod:
        return code
