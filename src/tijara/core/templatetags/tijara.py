from decimal import Decimal

from django import template

from tijara.core.i18n import translated
from tijara.core.money import format_mad, format_percent

register = template.Library()


@register.filter
def tr(obj: object, field: str) -> str:
    """`{{ product|tr:"name" }}`: the field in the active language, French when missing."""
    return translated(obj, field)


@register.filter
def mad(amount: Decimal | None) -> str:
    return "" if amount is None else format_mad(amount)


@register.filter
def percent(rate: Decimal | None) -> str:
    return "" if rate is None else format_percent(rate)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for pagination and sort links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
