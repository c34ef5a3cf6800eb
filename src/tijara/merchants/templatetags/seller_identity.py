"""`{{ merchant|identity_items }}`: the one seller identity for templates [CP-SELLER-IDENTITY]."""

from django import template

from tijara.merchants.identity import IdentityItem
from tijara.merchants.identity import identity_items as _identity_items
from tijara.merchants.models import Merchant

register = template.Library()


@register.filter
def identity_items(merchant: Merchant) -> list[IdentityItem]:
    return _identity_items(merchant)
