"""Which contracts the archive marks as written electronic proof [EC-WRITTEN-PROOF].

Above 10,000 dirhams a contract must be proven in writing (DOC art. 443); a signed electronic record is a
written document with the same force as paper (DOC art. 417-1). The placement record of such an order says
so, and the order page shows it.
"""

from decimal import Decimal

WRITTEN_PROOF_ABOVE = Decimal("10000.00")
WRITTEN_PROOF_BASIS = "DOC art. 443"


def written_proof_required(total: Decimal) -> bool:
    return Decimal(total) > WRITTEN_PROOF_ABOVE
