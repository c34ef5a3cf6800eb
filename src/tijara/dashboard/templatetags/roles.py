"""`{% load roles %}` then `{% if request.user|platform_can:"audit.view" %}`: links shown by the roles matrix."""

from django import template

from tijara.merchants.permissions import platform_can as _platform_can

register = template.Library()


@register.filter
def platform_can(user: object, action: str) -> bool:
    return _platform_can(user, action)
