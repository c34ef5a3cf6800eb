"""Public pages: one thin view per page, reading through catalog selectors."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.catalog import selectors
from tijara.catalog.selectors import NotFound, ProductQuery
from tijara.core.i18n import current_language, translated
from tijara.core.models import City
from tijara.core.money import format_mad, split_ttc
from tijara.core.page_cache import public_page_cache
from tijara.core.text import row_id
from tijara.core.vat import VatRateMissing, vat_rate_for
from tijara.payments.providers import available_providers
from tijara.shipping.rules import deliver_by
from tijara.shipping.selectors import shipping_fee, shipping_methods_by_merchant

MAX_QUERY_LENGTH = 100


def _sort_options() -> list[tuple[str, str]]:
    return [
        ("newest", _("Newest")),
        ("price_asc", _("Price: low to high")),
        ("price_desc", _("Price: high to low")),
        ("name", _("Name")),
    ]


def _prepare_cards(products: list) -> list:
    """Prepare product cards once per page: links from three reverse() calls instead of three per card,
    names and prices in the visitor's language read once (each lookup of the active language costs)."""
    language = current_language()
    product_url = reverse("storefront:product", args=["__store__", "__product__"])
    store_url = reverse("storefront:store", args=["__store__"])
    category_url = reverse("storefront:category", args=["__category__"])
    for product in products:
        store = product.merchant.slug
        product.url = product_url.replace("__store__", store).replace("__product__", product.slug)
        product.store_url = store_url.replace("__store__", store)
        product.category_url = category_url.replace("__category__", product.category.slug)
        product.display_name = translated(product, "name", language)
        product.category_name = translated(product.category, "name", language)
        product.price_display = format_mad(product.price, language)
    return products


def _listing(request: HttpRequest, **filters) -> dict:
    """Read page, sort and page size from the query string; bad values fall back to the nearest valid one."""
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    spec = ProductQuery(
        sort=sort,
        page=request.GET.get("page", 1),
        per_page=selectors.clamp_page_size(request.GET.get("per_page")),
        **filters,
    )
    page = selectors.product_page(spec)
    return {"page_obj": page, "products": _prepare_cards(list(page.object_list)), "sort": sort, "sort_options": _sort_options()}


@public_page_cache
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "stores": selectors.featured_stores(),
        "products": _prepare_cards(selectors.featured_products()),
        "categories": [c for c in selectors.categories_all() if c.parent_id is None],
    }
    return render(request, "storefront/home.html", context)


@public_page_cache
def store_list(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/store_list.html", {"stores": selectors.store_list()})


def _store_missing(slug: str) -> Http404:
    if selectors.store_is_suspended(slug):
        return Http404(_("This store is temporarily closed. Its products cannot be ordered for now."))
    return Http404(_("This store does not exist or is not open."))


@public_page_cache
def store_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        store = selectors.store_by_slug(slug)
    except NotFound as exc:
        raise _store_missing(slug) from exc
    context = {"store": store, **_listing(request, merchant_id=store.pk)}
    return render(request, "storefront/store_detail.html", context)


@public_page_cache
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        category = selectors.category_by_slug(slug)
    except NotFound as exc:
        raise Http404(_("This category does not exist.")) from exc
    categories = selectors.categories_all()
    ids = tuple(selectors.category_descendant_ids(category, categories))
    context = {
        "category": category,
        "subcategories": [c for c in categories if c.parent_id == category.pk],
        **_listing(request, category_ids=ids),
    }
    return render(request, "storefront/category_detail.html", context)


@public_page_cache
def product_detail(request: HttpRequest, store_slug: str, product_slug: str) -> HttpResponse:
    try:
        product = selectors.product_detail(store_slug=store_slug, product_slug=product_slug)
    except NotFound as exc:
        if selectors.store_is_suspended(store_slug):
            raise _store_missing(store_slug) from exc
        raise Http404(_("This product does not exist or is no longer sold.")) from exc
    variants = list(product.variants.all())
    try:
        rate = vat_rate_for(product.vat_class)
        splits = {v.pk: split_ttc(v.price, rate.rate, rate.exempt) for v in variants}
    except VatRateMissing:
        rate, splits = None, {}
    context = {
        "product": product,
        "store": product.merchant,
        "variants": [(v, splits.get(v.pk)) for v in variants],
        "vat": rate,
        "in_stock": any(v.stock > 0 for v in variants),
        **_precontract(request, product),
    }
    return render(request, "storefront/product_detail.html", context)


DELIVERY_CITY_SESSION_KEY = "delivery_city"


def _delivery_city(request: HttpRequest, cities: list[City], default: City) -> City:
    """The city the visitor asked about (GET `city`, then remembered in the session), else the store's city.

    Only a deliberate choice touches the session, so a plain visit stays cookie-less (and cacheable)."""
    by_id = {city.pk: city for city in cities}
    asked = row_id(request.GET.get("city", ""))
    if asked in by_id:
        request.session[DELIVERY_CITY_SESSION_KEY] = asked
        return by_id[asked]
    remembered = request.session.get(DELIVERY_CITY_SESSION_KEY) if request.COOKIES else None
    return by_id.get(remembered, default) if isinstance(remembered, int) else default


def _precontract(request: HttpRequest, product) -> dict:
    """What the buyer must know before ordering [CP-PRECONTRACT]: delivery cost and deadline for their city,
    the ways to pay, the withdrawal right or why it does not apply [CP-NON-WITHDRAWABLE], and who sells."""
    merchant = product.merchant
    cities = list(City.objects.order_by("name_fr"))
    city = _delivery_city(request, cities, merchant.city)
    today = timezone.localdate()
    deliveries = []
    for method in shipping_methods_by_merchant([merchant.pk]).get(merchant.pk, []):
        option = shipping_fee(method, city_id=city.pk, region_id=city.region_id, subtotal=product.price)
        deliveries.append({
            "method": method, "fee": option.fee, "free": option.free, "free_above": method.free_above,
            "latest": deliver_by(today, method.delivery_days_max),
        })
    return {
        "cities": cities, "delivery_city": city, "deliveries": deliveries,
        "payment_methods": [provider.label for provider in available_providers()],
        "non_withdrawable": product.get_non_withdrawable_display() if product.non_withdrawable else "",
    }


@public_page_cache
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    context = {"query": query, **_listing(request, query=query)}
    return render(request, "storefront/search.html", context)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
