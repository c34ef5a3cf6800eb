"""The store's invoices and credit notes as PDF, in French or Arabic, from the order page [TAX-INVOICE]."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tijara.core.i18n import current_language
from tijara.core.views import pdf_response
from tijara.dashboard.access import merchant_required
from tijara.invoicing import selectors as invoice_selectors
from tijara.invoicing.documents import document_language, document_pdf
from tijara.orders import selectors as order_selectors


@merchant_required("orders.manage")
def order_document(request: HttpRequest, number: str, document: str) -> HttpResponse:
    order = order_selectors.merchant_order(request.merchant, number)
    found = invoice_selectors.order_document(order, document) if order is not None else None
    if found is None:
        raise Http404(_("No such document in your store."))
    lang = document_language(request.GET.get("lang") or current_language())
    return pdf_response(document_pdf(found, lang=lang), f"{found.number}-{lang}.pdf")
