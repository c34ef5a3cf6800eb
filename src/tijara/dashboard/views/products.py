"""The merchant's products: list, create and edit with variants, publish, and product photos."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.catalog import selectors as catalog_selectors
from tijara.catalog import services as catalog_services
from tijara.catalog.forms import ImageUploadForm, ProductForm, VariantFormSet, format_options
from tijara.catalog.models import Product
from tijara.core.errors import NotFound
from tijara.dashboard.access import merchant_required


@merchant_required("catalog.edit")
def product_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    page = catalog_selectors.merchant_product_page(request.merchant, query=query, status=status,
                                                   page=request.GET.get("page", 1))
    return render(request, "dashboard/product_list.html", {"page_obj": page, "query": query, "status": status})


def _variant_initial(product: Product) -> list[dict]:
    return [{"id": v.pk, "sku": v.sku, "options": format_options(v.options), "price": v.price, "stock": v.stock}
            for v in product.variants.all()]


def _product_form_page(request: HttpRequest, product: Product | None = None) -> HttpResponse:
    if request.method == "POST":
        form = ProductForm(request.POST)
        formset = VariantFormSet(request.POST, prefix="variants")
        if form.is_valid() and formset.is_valid():
            try:
                saved = catalog_services.product_save(
                    merchant=request.merchant, product=product, category=form.cleaned_data["category"],
                    names=form.names(), descriptions=form.descriptions(), vat_class=form.cleaned_data["vat_class"],
                    is_published=form.cleaned_data["is_published"], variants=formset.variants(),
                    non_withdrawable=form.cleaned_data["non_withdrawable"],
                )
            except catalog_services.CatalogError as exc:
                form.add_error(None, _("This product could not be saved: %(reason)s") % {"reason": exc.message})
            else:
                messages.success(request, _("Product saved."))
                return redirect("dashboard:product_edit", product_id=saved.pk)
    elif product is None:
        form = ProductForm()
        formset = VariantFormSet(prefix="variants")
    else:
        initial = {f"{f}_{c}": getattr(product, f"{f}_{c}") for f in ("name", "description") for c in ("fr", "ar", "en")}
        initial.update(category=product.category_id, vat_class=product.vat_class, is_published=product.is_published,
                       non_withdrawable=product.non_withdrawable)
        form = ProductForm(initial=initial)
        formset = VariantFormSet(prefix="variants", initial=_variant_initial(product))
    return render(request, "dashboard/product_form.html", {
        "form": form, "formset": formset, "product": product, "image_form": ImageUploadForm(),
    })


@merchant_required("catalog.edit")
def product_create(request: HttpRequest) -> HttpResponse:
    return _product_form_page(request)


def _own_product(request: HttpRequest, product_id: int) -> Product:
    try:
        return catalog_selectors.merchant_product(request.merchant, product_id)
    except catalog_selectors.NotFound as exc:
        raise Http404(_("No such product in your store.")) from exc


@merchant_required("catalog.edit")
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    return _product_form_page(request, _own_product(request, product_id))


@merchant_required("catalog.edit")
@require_POST
def product_publish(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _own_product(request, product_id)
    published = request.POST.get("published") == "1"
    try:
        catalog_services.product_set_published(merchant=request.merchant, product_id=product.pk, published=published)
    except catalog_services.CatalogError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Product published.") if published else _("Product unpublished."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("dashboard:products")
    return redirect(back)


@merchant_required("catalog.edit")
@require_POST
def product_image_upload(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _own_product(request, product_id)
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an image file."))
        return redirect("dashboard:product_edit", product_id=product.pk)
    try:
        catalog_services.product_image_add(merchant=request.merchant, product_id=product.pk,
                                           upload=form.cleaned_data["image"])
    except NotFound as exc:
        raise Http404(_("No such product in your store.")) from exc
    except catalog_services.CatalogError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Image added."))
    return redirect("dashboard:product_edit", product_id=product.pk)


@merchant_required("catalog.edit")
@require_POST
def product_image_delete(request: HttpRequest, product_id: int, image_id: int) -> HttpResponse:
    try:
        catalog_services.product_image_delete(merchant=request.merchant, product_id=product_id, image_id=image_id)
    except NotFound as exc:
        raise Http404(_("No such image.")) from exc
    messages.success(request, _("Image removed."))
    return redirect("dashboard:product_edit", product_id=product_id)
