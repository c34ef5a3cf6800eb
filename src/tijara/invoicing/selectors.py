"""Reads of invoices and credit notes, always through an order the caller already scoped (the buyer's own
order, or the signed-in merchant's)."""

from dataclasses import dataclass, field

from tijara.invoicing.models import CreditNote, Invoice
from tijara.orders.models import Order


@dataclass
class OrderDocuments:
    invoice: Invoice | None = None
    credit_notes: list[CreditNote] = field(default_factory=list)


def order_documents(order: Order) -> OrderDocuments:
    """The order's invoice and credit notes, numbers only (two queries)."""
    invoice = Invoice.objects.filter(order_id=order.pk).only("pk", "number", "order_id", "issued_at").first()
    notes = list(CreditNote.objects.filter(order_id=order.pk, merchant_id=order.merchant_id)
                 .only("pk", "number", "amount", "issued_at", "order_id").order_by("sequence"))
    return OrderDocuments(invoice=invoice, credit_notes=notes)


def order_document(order: Order, number: str) -> Invoice | CreditNote | None:
    """The invoice or credit note `number` of this order, or None (another order's document is not found)."""
    number = (number or "").strip().upper()[:40]
    found: Invoice | CreditNote | None = Invoice.objects.filter(order_id=order.pk, number=number).first()
    if found is None:
        found = CreditNote.objects.filter(order_id=order.pk, merchant_id=order.merchant_id, number=number).first()
    return found
