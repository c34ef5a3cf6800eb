"""The buyer's download of the archived, signed contract of an order [EC-ARCHIVE-ACCESS].

Same door as the order's other documents (`views_orders.buyer_order`): the signed-in buyer, or a guest who
proved the order number and e-mail in this session; anyone else's order answers 404, like a missing one.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tijara.archive import selectors as archive_selectors
from tijara.archive.documents import contract_zip
from tijara.storefront.views_orders import buyer_order


def order_contract_zip(request: HttpRequest, number: str) -> HttpResponse:
    order = buyer_order(request, number)
    records = archive_selectors.order_records(merchant_id=order.merchant_id, order_id=order.pk)
    if not records:
        raise Http404(_("This order does not exist."))
    response = HttpResponse(contract_zip(order_number=order.number, records=records), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="contract-{order.number}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
