"""What the signed contract archive keeps of an order [EC-ARCHIVE]: the payloads of its records.

The placement record is the contract as the buyer accepted it (order snapshot, lines, terms version, the
recap's fingerprint, totals, and the written-proof mark above 10,000 MAD [EC-WRITTEN-PROOF]); the
acknowledgement record says what was sent, to whom and when. The buyer's address is their own data in
their own contract, so it is kept as typed.
"""

from django.utils import timezone

from tijara.archive.models import ContractKind
from tijara.archive.rules import WRITTEN_PROOF_BASIS, written_proof_required
from tijara.archive.services import ArchiveEntry, archive_append, archive_append_many
from tijara.orders.models import Order, OrderLine


def placement_payload(order: Order, lines: list[OrderLine]) -> dict:
    proof = written_proof_required(order.total)
    return {
        "record": ContractKind.PLACEMENT.value,
        "order": {
            "number": order.number, "placed_at": order.created_at, "checkout_group": order.checkout_group,
            "language": order.language, "payment_method": order.payment_method,
            "terms_version": order.terms_version, "recap_fingerprint": order.recap_fingerprint,
        },
        "seller": {"merchant_id": order.merchant_id, "legal_name": order.merchant_legal_name,
                   "ice": order.merchant_ice, "address": order.merchant_address},
        "buyer": {"full_name": order.full_name, "email": order.email, "phone": order.phone,
                  "address_line": order.address_line, "city_id": order.city_id, "region_id": order.region_id,
                  "ice": order.buyer_ice},
        "delivery": {"method": order.shipping_name, "kind": order.shipping_kind, "fee": order.shipping_fee,
                     "days_min": order.delivery_days_min, "days_max": order.delivery_days_max,
                     "deliver_by": order.deliver_by},
        "lines": [{"product": ln.product_name, "sku": ln.sku, "options": ln.options_label, "quantity": ln.quantity,
                   "unit_price": ln.unit_price, "line_total": ln.line_total, "vat_rate": ln.vat_rate,
                   "vat_exempt": ln.vat_exempt, "vat_amount": ln.vat_amount} for ln in lines],
        "totals": {"subtotal": order.subtotal, "total": order.total, "currency": "MAD",
                   "vat_breakdown": order.vat_breakdown},
        "written_proof": proof,
        "written_proof_basis": WRITTEN_PROOF_BASIS if proof else "",
    }


def placements_archive(orders: list[Order]) -> None:
    """One placement record per order, in a constant number of queries (lines already prefetched)."""
    archive_append_many(entries=[
        ArchiveEntry(order.merchant_id, order.pk, ContractKind.PLACEMENT,
                     placement_payload(order, list(order.lines.all())))
        for order in orders
    ])


def acknowledgement_archive(*, order: Order, subject: str, recipient: str, body_text: str) -> None:
    """Record that the acknowledgement went out: subject, recipient, time and the text sent."""
    archive_append(merchant_id=order.merchant_id, order_id=order.pk, kind=ContractKind.ACKNOWLEDGEMENT, payload={
        "record": ContractKind.ACKNOWLEDGEMENT.value, "order": order.number, "sent_at": timezone.now(),
        "to": recipient, "subject": subject, "text": body_text,
    })
