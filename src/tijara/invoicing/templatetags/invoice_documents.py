"""`{% invoice_links order "<url name>" %}`: the order's invoice and credit notes as PDF links in French and
Arabic, and the written delivery date when the law asks for it [CP-DEADLINE-3000]. The page names the URL
(the buyer's or the merchant's), which takes the order `number` and the `document` number."""

from django import template
from django.urls import reverse

from tijara.invoicing.rules import written_deadline
from tijara.invoicing.selectors import order_documents
from tijara.orders.models import Order

register = template.Library()


@register.inclusion_tag("invoicing/_order_documents.html")
def invoice_links(order: Order, url_name: str) -> dict:
    found = order_documents(order)

    def links(number: str) -> list[tuple[str, str]]:
        url = reverse(url_name, kwargs={"number": order.number, "document": number})
        return [("Français", f"{url}?lang=fr"), ("العربية", f"{url}?lang=ar")]

    return {
        "invoice": found.invoice, "invoice_links": links(found.invoice.number) if found.invoice else [],
        "credit_notes": [(note, links(note.number)) for note in found.credit_notes],
        "deadline": written_deadline(order),
    }
