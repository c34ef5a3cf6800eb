"""The store's invoices and credit notes as PDF, in French or Arabic, from the order page [TAX-INVOICE]."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tijara.core.i18n import current_language
from tijara.dashboard.access import merchant_required
from tijara.invoicing import selectors as invoice_selectors
from tijara.invoicing.documents import document_pdf
from tijara.orders import selectors as order_selectors


@merchant_required("orders.manage")
def order_document(request: HttpRequest, number: str, document: str) -> HttpResponse:
    order = order_selectors.merchant_order(request.merchant, number)
    found = invoice_selectors.order_document(order, document) if order is not None else None
    if found is None:
        raise Http404(_("No such document in your store."))
    lang = request.GET.get("lang") or current_language()
    lang = lang if lang in ("fr", "ar") else "fr"
    response = HttpResponse(document_pdf(found, lang=lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.number}-{lang}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
