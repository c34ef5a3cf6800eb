"""`written_proof` filter: whether an order's total makes its archive the written proof [EC-WRITTEN-PROOF]."""

from decimal import Decimal

from django import template

from tijara.archive.rules import written_proof_required

register = template.Library()


@register.filter
def written_proof(total: Decimal | None) -> bool:
    return total is not None and written_proof_required(total)
