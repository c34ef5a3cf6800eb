"""Back-office pages: thin views calling merchants/catalog services and dashboard selectors.

Objects named in a URL are always read through a selector filtered by request.merchant, so another
merchant's id answers 404 before any form is looked at.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.catalog import importers
from tijara.catalog.forms import (
    ImageUploadForm,
    ImportUploadForm,
    ProductForm,
    VariantFormSet,
    format_options,
)
from tijara.catalog.services import CatalogError, product_save, product_set_published
from tijara.checkout import shipping
from tijara.dashboard import selectors
from tijara.dashboard.access import merchant_required, platform_staff_required
from tijara.dashboard.forms import ShippingMethodForm, ZoneFeeFormSet
from tijara.dashboard.images import ImageRejected, reencode_image
from tijara.dashboard.models import ProductImage
from tijara.merchants import selectors as merchant_selectors
from tijara.merchants import services
from tijara.merchants.forms import (
    BankForm,
    CompanyForm,
    DecisionForm,
    InviteForm,
    OwnerSignupForm,
    RoleForm,
    SettingsForm,
)
from tijara.merchants.models import MerchantApplication, MerchantMembership, MerchantStatus
from tijara.merchants.permissions import membership_can


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# --- Sign-in, sign-up, onboarding -------------------------------------------------------------

class DashboardLoginView(LoginView):
    template_name = "dashboard/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("dashboard:home")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("storefront:home")


def signup(request: HttpRequest) -> HttpResponse:
    """Step 1: the owner's account. A verification link is emailed; the company form opens at once."""
    if request.user.is_authenticated:
        return redirect("dashboard:onboarding")
    form = OwnerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.owner_signup(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"], language=get_language() or "fr",
                base_url=_base_url(request),
            )
        except services.MerchantError as exc:
            form.add_error("email", exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.info(request, _("We sent you an email: open its link to confirm your address."))
            return redirect("dashboard:onboarding")
    return render(request, "dashboard/signup.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.email_verify(token=token)
    except services.MerchantError as exc:
        return render(request, "dashboard/message.html", {"title": _("Email confirmation"), "text": exc.message},
                      status=400)
    messages.success(request, _("Your email address is confirmed."))
    return redirect("dashboard:onboarding" if request.user.is_authenticated else "dashboard:login")


@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("dashboard:login")
    services.email_verification_resend(user=request.user, base_url=_base_url(request))
    messages.info(request, _("A new confirmation link is on its way."))
    return redirect("dashboard:onboarding")


def onboarding(request: HttpRequest) -> HttpResponse:
    """Step 2: the company. 'Save draft' keeps whatever is typed; 'Submit' validates everything."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('dashboard:login')}?next={request.path}")
    application, _created = MerchantApplication.objects.get_or_create(user=request.user)
    merchant = application.merchant
    if merchant is not None and merchant.status != MerchantStatus.REJECTED:
        return redirect("dashboard:home")
    if merchant_selectors.membership_for_user(request.user) is not None and merchant is None:
        return redirect("dashboard:home")  # joined a team by invitation
    if request.method == "POST":
        form = CompanyForm(request.POST, instance=merchant)
        if "save_draft" in request.POST:
            services.application_save_draft(user=request.user, data=request.POST.dict())
            messages.success(request, _("Your answers are saved: you can come back and finish later."))
            return redirect("dashboard:onboarding")
        if form.is_valid():
            try:
                services.application_submit(user=request.user, company=form.cleaned_data)
            except services.MerchantError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Thank you! Your store is submitted; a reviewer will check it."))
                return redirect("dashboard:home")
    else:
        form = CompanyForm(initial=application.data, instance=merchant)
    rejection = merchant_selectors.latest_decision(merchant=merchant) if merchant else None
    return render(request, "dashboard/onboarding.html", {
        "form": form, "application": application, "rejection": rejection,
    })


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('dashboard:login')}?next={request.path}")
    try:
        if request.method == "POST":
            services.invitation_accept(token=token, user=request.user)
            return redirect("dashboard:home")
        invitation = services.invitation_check(token=token, user=request.user)
    except services.MerchantError as exc:
        return render(request, "dashboard/message.html", {"title": _("Invitation"), "text": exc.message}, status=400)
    return render(request, "dashboard/accept_invitation.html", {"invitation": invitation})


# --- Review queue (platform staff) ------------------------------------------------------------

@platform_staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", MerchantStatus.PENDING)
    if status not in MerchantStatus.values and status != "all":
        status = MerchantStatus.PENDING
    merchants = merchant_selectors.review_queue(status=None if status == "all" else status)
    return render(request, "dashboard/review_queue.html", {
        "merchants": merchants, "status": status, "statuses": MerchantStatus.choices,
    })


@platform_staff_required
def review_detail(request: HttpRequest, merchant_id: int) -> HttpResponse:
    merchant = merchant_selectors.review_detail(merchant_id=merchant_id)
    if merchant is None:
        raise Http404(_("No such store."))
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.merchant_decide(merchant=merchant, reviewer=request.user, action=form.cleaned_data["action"],
                                     reason=form.cleaned_data["reason"])
        except services.MerchantError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("dashboard:review_detail", merchant_id=merchant.pk)
    return render(request, "dashboard/review_detail.html", {"store": merchant, "form": form})


# --- Home -----------------------------------------------------------------------------------

@merchant_required()
def home(request: HttpRequest) -> HttpResponse:
    merchant = request.merchant
    context = {
        "stats": selectors.catalogue_stats(merchant),
        "decision": merchant_selectors.latest_decision(merchant=merchant),
        "orders_available": selectors.orders_available(),
    }
    if context["orders_available"]:
        from tijara.dashboard import sales

        days = 90 if request.GET.get("days") == "90" else 30
        context.update(sales.overview_context(merchant, days=days))
    return render(request, "dashboard/home.html", context)


# --- Products ---------------------------------------------------------------------------------

@merchant_required("catalog.edit")
def product_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    page = selectors.product_page(request.merchant, query=query, status=status, page=request.GET.get("page", 1))
    return render(request, "dashboard/product_list.html", {"page_obj": page, "query": query, "status": status})


def _variant_initial(product) -> list[dict]:
    return [{"id": v.pk, "sku": v.sku, "options": format_options(v.options), "price": v.price, "stock": v.stock}
            for v in product.variants.all()]


def _product_form_page(request: HttpRequest, product=None) -> HttpResponse:
    if request.method == "POST":
        form = ProductForm(request.POST)
        formset = VariantFormSet(request.POST, prefix="variants")
        if form.is_valid() and formset.is_valid():
            try:
                saved = product_save(
                    merchant=request.merchant, product=product, category=form.cleaned_data["category"],
                    names=form.names(), descriptions=form.descriptions(), vat_class=form.cleaned_data["vat_class"],
                    is_published=form.cleaned_data["is_published"], variants=formset.variants(),
                )
            except CatalogError as exc:
                form.add_error(None, _("This product could not be saved: %(reason)s") % {"reason": exc.message})
            else:
                messages.success(request, _("Product saved."))
                return redirect("dashboard:product_edit", product_id=saved.pk)
    elif product is None:
        form = ProductForm()
        formset = VariantFormSet(prefix="variants")
    else:
        initial = {f"{f}_{c}": getattr(product, f"{f}_{c}") for f in ("name", "description") for c in ("fr", "ar", "en")}
        initial.update(category=product.category_id, vat_class=product.vat_class, is_published=product.is_published)
        form = ProductForm(initial=initial)
        formset = VariantFormSet(prefix="variants", initial=_variant_initial(product))
    return render(request, "dashboard/product_form.html", {
        "form": form, "formset": formset, "product": product, "image_form": ImageUploadForm(),
    })


@merchant_required("catalog.edit")
def product_create(request: HttpRequest) -> HttpResponse:
    return _product_form_page(request)


def _own_product(request: HttpRequest, product_id: int):
    try:
        return selectors.product_for_edit(request.merchant, product_id)
    except selectors.NotFound as exc:
        raise Http404(_("No such product in your store.")) from exc


@merchant_required("catalog.edit")
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    return _product_form_page(request, _own_product(request, product_id))


@merchant_required("catalog.edit")
@require_POST
def product_publish(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _own_product(request, product_id)
    published = request.POST.get("published") == "1"
    product_set_published(merchant=request.merchant, product_id=product.pk, published=published)
    messages.success(request, _("Product published.") if published else _("Product unpublished."))
    return redirect(request.POST.get("next") or reverse("dashboard:products"))


@merchant_required("catalog.edit")
@require_POST
def product_image_upload(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _own_product(request, product_id)
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an image file."))
    else:
        try:
            content = reencode_image(form.cleaned_data["image"])
        except ImageRejected as exc:
            messages.error(request, exc.message)
        else:
            with transaction.atomic():
                position = product.images.count()
                ProductImage.objects.create(merchant=request.merchant, product=product, image=content,
                                            width=content.width, height=content.height, position=position)
            messages.success(request, _("Image added."))
    return redirect("dashboard:product_edit", product_id=product.pk)


@merchant_required("catalog.edit")
@require_POST
def product_image_delete(request: HttpRequest, product_id: int, image_id: int) -> HttpResponse:
    try:
        image = selectors.product_image(request.merchant, product_id, image_id)
    except selectors.NotFound as exc:
        raise Http404(_("No such image.")) from exc
    image.image.delete(save=False)
    image.delete()
    messages.success(request, _("Image removed."))
    return redirect("dashboard:product_edit", product_id=product_id)


# --- Import / export ----------------------------------------------------------------------------

def _import_dir(merchant_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(merchant_id)


def _import_path(merchant_id: int, token: str) -> Path:
    """The uploaded file kept between preview and import; the merchant id in the path scopes it."""
    try:
        uuid.UUID(hex=token)
    except ValueError as exc:
        raise Http404 from exc
    matches = list(_import_dir(merchant_id).glob(f"{token}.*"))
    if not matches:
        raise Http404(_("This import has expired: upload the file again."))
    return matches[0]


@merchant_required("catalog.edit")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload, then preview: every row validated, errors listed per row, nothing written yet."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            rows = importers.read_rows(name=upload.name, data=data)
        except importers.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            plan = importers.import_preview(merchant=request.merchant, rows=rows)
            context.update(plan=plan, errors=plan.errors[:500], products_sample=list(plan.products.values())[:20])
            if not plan.errors:
                token = uuid.uuid4().hex
                suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
                folder = _import_dir(request.merchant.pk)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{token}{suffix}").write_bytes(data)
                context["token"] = token
    return render(request, "dashboard/import.html", context)


@merchant_required("catalog.edit")
@require_POST
def import_apply(request: HttpRequest, token: str) -> StreamingHttpResponse:
    """Run the import in one transaction and stream a progress bar while it runs (all or nothing)."""
    path = _import_path(request.merchant.pk, token)
    merchant = request.merchant
    products_url = reverse("dashboard:products")

    def stream():
        yield (f'<!doctype html><html lang="{get_language()}"><head><meta charset="utf-8">'
               f'<title>{escape(_("Import"))}</title></head><body><h1>{escape(_("Importing your catalogue"))}</h1>'
               '<progress id="p" max="100" value="0"></progress>' + " " * 1024 + "\n")
        rows = importers.read_rows(name=path.name, data=path.read_bytes())
        plan = importers.import_preview(merchant=merchant, rows=rows)  # re-checked: data may have changed
        if plan.errors:
            yield f'<p role="alert">{escape(_("The file no longer validates: nothing was imported."))}</p>'
        else:
            steps = importers.import_steps(merchant=merchant, plan=plan)
            while True:
                try:
                    done, total = next(steps)
                except StopIteration as stop:
                    result = stop.value
                    break
                pct = int(done * 100 / total) if total else 100
                yield f"<script>document.getElementById('p').value={pct}</script>\n"
            path.unlink(missing_ok=True)
            message = _("Import finished: %(p)d products created, %(u)d updated.") % {
                "p": result["products_created"], "u": result["products_updated"]}
            yield f'<p id="import-done" role="status">{escape(message)}</p>'
        yield f'<p><a href="{products_url}">{escape(_("Back to products"))}</a></p></body></html>'

    return StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")


@merchant_required("catalog.edit")
def export_catalogue(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        body = importers.export_xlsx(merchant=request.merchant)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = importers.export_csv(merchant=request.merchant)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="catalogue-{request.merchant.slug}.{fmt}"'
    return response


# --- Team and settings --------------------------------------------------------------------------

@merchant_required("team.manage")
def team(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_invite(actor=request.membership, email=form.cleaned_data["email"],
                                 role=form.cleaned_data["role"], base_url=_base_url(request))
        except services.MerchantError as exc:
            form.add_error("email", exc.message)
        else:
            messages.success(request, _("Invitation sent."))
            return redirect("dashboard:team")
    return render(request, "dashboard/team.html", {
        "form": form, "members": merchant_selectors.team(merchant=request.merchant),
        "invitations": request.merchant.invitations.filter(accepted_at__isnull=True)[:50],
        "role_form": RoleForm(),
    })


def _own_membership(request: HttpRequest, membership_id: int) -> MerchantMembership:
    membership = MerchantMembership.objects.filter(merchant=request.merchant, pk=membership_id).first()
    if membership is None:
        raise Http404(_("No such team member."))
    return membership


@merchant_required("team.manage")
@require_POST
def team_member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _own_membership(request, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(actor=request.membership, membership=membership,
                                            role=form.cleaned_data["role"])
        except services.MerchantError as exc:
            messages.error(request, exc.message)
    return redirect("dashboard:team")


@merchant_required("team.manage")
@require_POST
def team_member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _own_membership(request, membership_id)
    try:
        services.membership_remove(actor=request.membership, membership=membership)
    except services.MerchantError as exc:
        messages.error(request, exc.message)
    return redirect("dashboard:team")


@merchant_required("settings.edit")
def store_settings(request: HttpRequest) -> HttpResponse:
    merchant = request.merchant
    form = SettingsForm(request.POST or None, request.FILES or None, instance=merchant)
    if request.method == "POST" and form.is_valid():
        try:
            services.merchant_settings_update(actor=request.membership, values=form.cleaned_data)
        except services.MerchantError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("dashboard:settings")
    can_bank = membership_can(request.membership, "bank.edit")
    return render(request, "dashboard/settings.html", {
        "form": form, "can_bank": can_bank, "shipping_methods": selectors.shipping_methods(merchant),
        "bank_form": BankForm(initial={"rib": merchant.rib}) if can_bank else None,
    })


def _shipping_form_page(request: HttpRequest, method=None) -> HttpResponse:
    """Create or edit a delivery method and its fees by city or region (what checkout charges)."""
    if request.method == "POST":
        form = ShippingMethodForm(request.POST)
        zones = ZoneFeeFormSet(request.POST, prefix="zones")
        if form.is_valid() and zones.is_valid():
            data = form.cleaned_data
            try:
                saved = shipping.shipping_method_save(
                    actor=request.membership, method_id=method.pk if method else None, kind=data["kind"],
                    names=form.names(), base_fee=data["base_fee"], free_above=data["free_above"],
                    delivery_days_min=data["delivery_days_min"], delivery_days_max=data["delivery_days_max"],
                    is_active=data["is_active"], position=data["position"], zone_fees=zones.zone_fees(),
                )
            except shipping.ShippingMethodNotFound as exc:
                raise Http404(exc.message) from exc
            except shipping.ShippingError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
            else:
                messages.success(request, _("Delivery method saved."))
                return redirect("dashboard:shipping_method_edit", method_id=saved.pk)
    elif method is None:
        form = ShippingMethodForm()
        zones = ZoneFeeFormSet(prefix="zones")
    else:
        form = ShippingMethodForm(initial=ShippingMethodForm.initial_of(method))
        zones = ZoneFeeFormSet(prefix="zones", initial=[
            {"city": z.city_id, "region": z.region_id, "fee": z.fee} for z in method.zone_fees.all()])
    return render(request, "dashboard/shipping_form.html", {"form": form, "zones": zones, "method": method})


def _own_shipping_method(request: HttpRequest, method_id: int):
    try:
        return selectors.shipping_method(request.merchant, method_id)
    except selectors.NotFound as exc:
        raise Http404(_("No such delivery method in your store.")) from exc


@merchant_required("settings.edit")
def shipping_method_create(request: HttpRequest) -> HttpResponse:
    return _shipping_form_page(request)


@merchant_required("settings.edit")
def shipping_method_edit(request: HttpRequest, method_id: int) -> HttpResponse:
    return _shipping_form_page(request, _own_shipping_method(request, method_id))


@merchant_required("settings.edit")
@require_POST
def shipping_method_delete(request: HttpRequest, method_id: int) -> HttpResponse:
    try:
        shipping.shipping_method_delete(actor=request.membership, method_id=method_id)
    except shipping.ShippingMethodNotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("Delivery method deleted."))
    return redirect("dashboard:settings")


@merchant_required("bank.edit")
@require_POST
def bank_settings(request: HttpRequest) -> HttpResponse:
    form = BankForm(request.POST)
    if form.is_valid():
        services.merchant_bank_update(actor=request.membership, rib=form.cleaned_data["rib"])
        messages.success(request, _("Bank details saved."))
    else:
        messages.error(request, " ".join(form.errors.get("rib", [])))
    return redirect("dashboard:settings")
