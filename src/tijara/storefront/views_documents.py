"""The buyer's invoice and credit notes as PDF [TAX-INVOICE] [TAX-CREDIT-NOTE], through `buyer_order` like every
order document: the signed-in buyer, or the guest who placed or found the order; anyone else gets 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tijara.core.i18n import current_language
from tijara.core.views import pdf_response
from tijara.invoicing import selectors as invoice_selectors
from tijara.invoicing.documents import document_language, document_pdf
from tijara.storefront.views_orders import buyer_order


def order_document(request: HttpRequest, number: str, document: str) -> HttpResponse:
    """The document in ?lang=fr|ar (default: the page's language, French for English pages)."""
    found = invoice_selectors.order_document(buyer_order(request, number), document)
    if found is None:
        raise Http404(_("This document does not exist."))
    lang = document_language(request.GET.get("lang") or current_language())
    return pdf_response(document_pdf(found, lang=lang), f"{found.number}-{lang}.pdf")
