"""The store's customers, grouped by e-mail address, and one customer's orders at this store."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tijara.dashboard.access import merchant_required
from tijara.dashboard.views.privacy import customer_data_viewed
from tijara.orders import selectors as order_selectors
from tijara.orders.models import OrderStatus


@merchant_required("customers.view")
def customer_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = order_selectors.merchant_customer_page(request.merchant, query=query, page=request.GET.get("page", 1))
    return render(request, "dashboard/customer_list.html", {"page_obj": page, "query": query})


@merchant_required("customers.view")
def customer_detail(request: HttpRequest, email: str) -> HttpResponse:
    orders = order_selectors.merchant_customer_orders(request.merchant, email)
    if not orders:
        raise Http404(_("No such customer in your store."))
    total = sum(o.total for o in orders if o.status != OrderStatus.CANCELLED)
    customer_data_viewed(request, email=email, view="customer_detail")
    return render(request, "dashboard/customer_detail.html", {"orders": orders, "email": email, "total": total,
                                                              "name": orders[0].full_name})
