"""Issuing invoices and credit notes [TAX-INVOICE] [TAX-CREDIT-NOTE].

Both run inside the caller's transaction: `checkout.services` issues the invoices right after
`orders.services.orders_place`, and `payments.services` issues a credit note when a refund succeeds or an
unpaid order is cancelled, so a document exists exactly when its sale, refund or cancellation does. Numbers come from the merchant's own counter of each
series (`invoicing.locks`, gap-free), taken in merchant pk order. Each document is also appended to the
signed contract archive.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from tijara.archive.services import ArchiveEntry, archive_append_many
from tijara.core.money import split_ttc, to_money
from tijara.invoicing import locks
from tijara.invoicing.models import CreditNote, Invoice, Series
from tijara.invoicing.rules import written_deadline
from tijara.merchants.identity import identity_lines
from tijara.orders.models import Order

NUMBER_DIGITS = 6
DOCUMENT_LANGUAGES = ("fr", "ar")
SERIES_MARK = {Series.INVOICE: "F", Series.CREDIT_NOTE: "AV"}  # facture, avoir


def document_number(order_number: str, series: str, sequence: int) -> str:
    """ARG-F-000001 (invoice), ARG-AV-000001 (credit note): the store's order prefix, unique per store."""
    prefix = order_number.rpartition("-")[0] or order_number
    return f"{prefix}-{SERIES_MARK[series]}-{sequence:0{NUMBER_DIGITS}d}"


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside the transaction of the sale or refund it documents")


def _invoice_content(order: Order, number: str, issued_at) -> dict:
    """Every mention of CGI art. 145-III, frozen: seller identity (IF, TP, ICE, RC) in both languages, date,
    buyer name, address and ICE, lines with quantity, unit price and VAT rate, VAT per rate, total TTC,
    payment method, and the written delivery date when the law asks for it."""
    merchant = order.merchant
    vat = [dict(row) for row in order.vat_breakdown]
    total_vat = to_money(sum((Decimal(row["vat"]) for row in vat), Decimal("0")))
    deadline = written_deadline(order)
    return {
        "number": number,
        "order_number": order.number,
        "issued_at": issued_at.isoformat(),
        "operation_date": timezone.localtime(order.created_at).date().isoformat(),
        "store_name": merchant.store_name,
        "seller": {lang: identity_lines(merchant, lang) for lang in DOCUMENT_LANGUAGES},
        "buyer": {"name": order.full_name, "address": order.address_line, "city_id": order.city_id,
                  "ice": order.buyer_ice, "email": order.email, "phone": order.phone},
        "lines": [
            {"name": ln.product_name, "options": ln.options_label, "sku": ln.sku, "quantity": ln.quantity,
             "unit_price": str(ln.unit_price), "vat_rate": str(ln.vat_rate), "vat_exempt": ln.vat_exempt,
             "total": str(ln.line_total)}
            for ln in order.lines.all()
        ],
        "shipping": {"name": order.shipping_name, "fee": str(order.shipping_fee)},
        "vat": vat,
        "total_ht": str(to_money(order.total - total_vat)),
        "total_vat": str(total_vat),
        "total": str(order.total),
        "payment_method": order.payment_method,
        "deliver_by": deadline.isoformat() if deadline else None,
    }


def invoices_issue(*, orders: list[Order]) -> list[Invoice]:
    """One invoice per order, numbered in its merchant's invoice series; orders come with merchant (and its
    city) and lines loaded, as `orders_place` returns them. Runs in the placing transaction."""
    _require_transaction("invoices_issue")
    by_merchant: dict[int, list[Order]] = {}
    for order in orders:
        by_merchant.setdefault(order.merchant_id, []).append(order)
    issued_at = timezone.now()
    invoices: list[Invoice] = []
    for merchant_id in sorted(by_merchant):  # counters locked in merchant pk order
        group = sorted(by_merchant[merchant_id], key=lambda o: o.sequence)
        last = locks.numbers_take(merchant_id, Series.INVOICE, len(group))
        for sequence, order in enumerate(group, start=last - len(group) + 1):
            number = document_number(order.number, Series.INVOICE, sequence)
            invoices.append(Invoice(merchant_id=merchant_id, order=order, sequence=sequence, number=number,
                                    issued_at=issued_at, total=order.total,
                                    content=_invoice_content(order, number, issued_at)))
    Invoice.objects.bulk_create(invoices)
    archive_append_many(entries=[
        ArchiveEntry(invoice.merchant_id, invoice.order_id, "invoice", invoice.content) for invoice in invoices
    ])
    return invoices


def _credited_vat(vat_rows: list[dict], invoice_total: Decimal, amount: Decimal) -> list[dict]:
    """The refund spread over the invoice's VAT rates pro rata of each rate's TTC; the last rate takes the
    rounding remainder, so the rows add up to the amount to the centime (a full refund mirrors the invoice)."""
    rows, left = [], amount
    ttcs = [Decimal(r["base"]) + Decimal(r["vat"]) for r in vat_rows]
    for i, (row, ttc) in enumerate(zip(vat_rows, ttcs, strict=True)):
        share = left if i == len(vat_rows) - 1 else to_money(amount * ttc / invoice_total)
        share = min(share, left)
        left -= share
        split = split_ttc(share, Decimal(row["rate"]), row["exempt"])
        rows.append({"rate": row["rate"], "exempt": row["exempt"], "base": str(split.ht), "vat": str(split.vat)})
    return [r for r in rows if Decimal(r["base"]) + Decimal(r["vat"]) > 0]


def _invoice_for(order_id: int) -> Invoice:
    """The order's invoice; an order placed before invoices existed gets its invoice now."""
    invoice = Invoice.objects.select_related("order").filter(order_id=order_id).first()
    if invoice is None:
        order = Order.objects.select_related("merchant__city").prefetch_related("lines").get(pk=order_id)
        invoice = invoices_issue(orders=[order])[0]
    return invoice


def credit_note_issue(*, refund) -> CreditNote:
    """The credit note of a succeeded refund (a `payments.Refund`, its payment loaded), in the merchant's
    credit-note series, referring to the order's invoice. Runs in the refund's transaction."""
    _require_transaction("credit_note_issue")
    existing = CreditNote.objects.filter(refund_id=refund.pk).first()
    if existing is not None:
        return existing
    reference = getattr(refund, "reference", "") or getattr(refund, "provider_reference", "")
    return _credit_note_write(invoice=_invoice_for(refund.payment.order_id), amount=to_money(refund.amount),
                              refund_id=refund.pk, reason="refund", reference=reference)


def credit_note_for_cancellation(*, order: Order) -> CreditNote | None:
    """A cancelled order from which no money was taken: what is left of its invoice is cancelled by a credit
    note (an issued invoice is never deleted). Paid orders get theirs from their refunds. Runs in the
    cancelling transaction; None when there is nothing left to cancel."""
    _require_transaction("credit_note_for_cancellation")
    invoice = Invoice.objects.select_related("order").filter(order_id=order.pk).first()
    if invoice is None:
        return None
    credited = CreditNote.objects.filter(invoice=invoice).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    left = invoice.total - credited
    if left <= 0:
        return None
    return _credit_note_write(invoice=invoice, amount=left, refund_id=None, reason="cancellation", reference="")


def _credit_note_write(*, invoice: Invoice, amount: Decimal, refund_id: int | None, reason: str,
                       reference: str) -> CreditNote:
    sequence = locks.numbers_take(invoice.merchant_id, Series.CREDIT_NOTE, 1)
    number = document_number(invoice.order.number, Series.CREDIT_NOTE, sequence)
    issued_at = timezone.now()
    source = invoice.content
    vat = _credited_vat(source["vat"], Decimal(source["total"]), amount)
    total_vat = to_money(sum((Decimal(r["vat"]) for r in vat), Decimal("0")))
    content = {
        "number": number, "invoice_number": invoice.number, "order_number": source["order_number"],
        "issued_at": issued_at.isoformat(), "operation_date": timezone.localtime(issued_at).date().isoformat(),
        "store_name": source["store_name"], "seller": source["seller"], "buyer": source["buyer"],
        "reason": reason, "full": amount == Decimal(source["total"]), "vat": vat,
        "total_ht": str(amount - total_vat), "total_vat": str(total_vat), "total": str(amount),
        "payment_method": source["payment_method"], "refund_reference": reference,
    }
    note = CreditNote.objects.create(merchant_id=invoice.merchant_id, order_id=invoice.order_id, invoice=invoice,
                                     refund_id=refund_id, sequence=sequence, number=number, issued_at=issued_at,
                                     amount=amount, content=content)
    archive_append_many(entries=[ArchiveEntry(note.merchant_id, note.order_id, "credit_note", content)])
    return note
