"""Cart, checkout and customer account pages: thin views over cart/checkout/orders services."""

import uuid
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tijara.accounts import passwords, signin
from tijara.accounts.forms import SignInForm, SignUpForm
from tijara.cart import selectors as cart_selectors
from tijara.cart import services as cart_services
from tijara.cart.errors import EmptyCart
from tijara.cart.models import Cart
from tijara.cart.session import CART_SESSION_KEY
from tijara.checkout import errors, selectors
from tijara.checkout import services as checkout_services
from tijara.checkout.forms import CheckoutForm
from tijara.core.errors import DomainError
from tijara.core.i18n import current_language
from tijara.core.throttle import client_address
from tijara.orders import selectors as order_selectors
from tijara.payments.providers import available_providers
from tijara.storefront.views_privacy import privacy_checkout_choices_keep, privacy_checkout_record

GROUPS_SESSION_KEY = "checkout_groups"
SHOP_CSS = "storefront/shop.css"


def current_cart(request: HttpRequest, *, create: bool = False) -> Cart | None:
    """The signed-in customer's cart, or the guest cart whose token is in the session cookie."""
    if request.user.is_authenticated:
        cart = cart_selectors.cart_of_user(request.user)
        if cart is None and create:
            cart = cart_services.cart_create(user=request.user)
        return cart
    token = request.session.get(CART_SESSION_KEY)
    cart = cart_selectors.cart_by_token(token) if token else None
    if cart is not None and cart.user_id is not None:
        cart = None  # an account's cart is not reachable once signed out
    if cart is None and create:
        cart = cart_services.cart_create()
        request.session[CART_SESSION_KEY] = str(cart.token)
    return cart


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target == "recap":
        return redirect("storefront:checkout_recap")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


# --- Cart -------------------------------------------------------------------------------------

def cart_page(request: HttpRequest) -> HttpResponse:
    recap = selectors.cart_recap(current_cart(request), with_details=False)
    return render(request, "storefront/shop/cart.html", {"recap": recap})


@csrf_exempt
@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """Add to cart from a product page.

    Product pages are served from a shared cache to cookie-less visitors (core.page_cache), so their
    form cannot carry a per-visitor CSRF token. Adding an item binds nothing (the recap and the
    confirmation are CSRF-protected), so this one form is exempt; a cross-site Origin is still refused.
    """
    origin = request.headers.get("Origin")
    if origin and origin != f"{request.scheme}://{request.get_host()}":
        return HttpResponseForbidden(_("This form must be sent from this site."))
    cart = current_cart(request, create=True)
    try:
        line = cart_services.cart_line_add(cart=cart, variant_id=request.POST.get("variant_id"),
                                           quantity=request.POST.get("quantity", 1))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(request, "storefront:cart")
    messages.success(request, _("Added to your cart: %(product)s.") % {"product": line.variant.product.tr("name")})
    return redirect("storefront:cart")


@require_POST
def cart_line(request: HttpRequest, line_id: int) -> HttpResponse:
    cart = current_cart(request)
    if cart is None:
        return redirect("storefront:cart")
    try:
        if request.POST.get("action") == "remove":
            cart_services.cart_line_remove(cart=cart, line_id=line_id)
            messages.success(request, _("The item was removed from your cart."))
        else:
            cart_services.cart_line_set_quantity(cart=cart, line_id=line_id, quantity=request.POST.get("quantity"))
            messages.success(request, _("The quantity was updated."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(request, "storefront:cart")


# --- Checkout ---------------------------------------------------------------------------------

def checkout_details(request: HttpRequest) -> HttpResponse:
    cart = current_cart(request)
    recap = selectors.cart_recap(cart)
    if cart is None or recap.is_empty:
        messages.error(request, _("Your cart is empty."))
        return redirect("storefront:cart")
    cities, regions = selectors.cities_and_regions()
    initial = {}
    if recap.details is not None:
        d = recap.details
        initial = {"full_name": d.full_name, "phone": d.phone, "email": d.email, "address_line": d.address_line,
                   "city": d.city_id, "region": d.region_id, "payment_method": d.payment_method,
                   "buyer_ice": d.buyer_ice,
                   **{f"shipping_{k}": v for k, v in d.shipping_choices.items()}}
    elif request.user.is_authenticated:
        initial = {"full_name": request.user.full_name, "email": request.user.email, "phone": request.user.phone}
    form = CheckoutForm(request.POST or None, initial=initial, recap=recap, cities=cities, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checkout_services.checkout_details_save(
                cart=cart, full_name=data["full_name"], phone=data["phone"], email=data["email"],
                address_line=data["address_line"], city_id=data["city"], region_code=data["region"],
                payment_method=data["payment_method"], shipping_choices=form.shipping_choices(),
                language=current_language(), buyer_ice=data.get("buyer_ice", ""),
            )
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else None
            if exc.field and exc.field.startswith("shipping."):
                field = "shipping_" + exc.field.split(".", 1)[1]
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            privacy_checkout_choices_keep(request)  # marketing choices, recorded once the orders exist [DP-CONSENT]
            return redirect("storefront:checkout_recap")
    return render(request, "storefront/shop/checkout.html", {"form": form, "recap": recap,
                                                             "payment_options": _payment_options(form)})


def _payment_options(form: CheckoutForm) -> list[tuple]:
    """Each offered way to pay with the provider's description (the registry offers only the available ones)."""
    descriptions = {p.code: p.description for p in available_providers()}
    return [(radio, descriptions.get(radio.data["value"], "")) for radio in form["payment_method"]]


def checkout_recap(request: HttpRequest) -> HttpResponse:
    """The recap [CP-RECAP]: every line, VAT by rate, delivery, total, address, seller identity, withdrawal."""
    cart = current_cart(request)
    if cart is None:
        return redirect("storefront:cart")
    try:
        recap = checkout_services.checkout_prepare(cart=cart)
    except EmptyCart as exc:
        messages.error(request, exc.message)
        return redirect("storefront:cart")
    except errors.DetailsMissing as exc:
        messages.info(request, exc.message)
        return redirect("storefront:checkout")
    context = {"recap": recap, "idempotency_key": uuid.uuid4().hex}
    return render(request, "storefront/shop/recap.html", context)


@require_POST
def checkout_confirm(request: HttpRequest) -> HttpResponse:
    """The explicit confirmation button: the only thing that makes the orders [EC-CONFIRM]."""
    cart = current_cart(request)
    if cart is None:
        return redirect("storefront:cart")
    try:
        expected_total = Decimal(request.POST.get("total", ""))
    except InvalidOperation:
        expected_total = Decimal("-1")  # a tampered field: refused below, recap shown again
    try:
        orders = checkout_services.checkout_confirm(
            cart=cart, idempotency_key=request.POST.get("idempotency_key", ""),
            fingerprint=request.POST.get("fingerprint", "") or "-", expected_total=expected_total, user=request.user,
        )
    except errors.PriceChanged as exc:
        messages.warning(request, exc.message)
        return redirect("storefront:checkout_recap")
    except EmptyCart as exc:
        messages.error(request, exc.message)
        return redirect("storefront:cart")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("storefront:checkout_recap")
    privacy_checkout_record(request, orders)  # notice version and marketing choices [DP-NOTICE] [DP-CONSENT]
    group = str(orders[0].checkout_group)
    groups = request.session.get(GROUPS_SESSION_KEY, [])[-9:]
    request.session[GROUPS_SESSION_KEY] = [*groups, group]
    if orders[0].payment_method == "card":  # the buyer pays the whole basket once, on the gateway's page
        return redirect("storefront:checkout_pay", group=group)
    return redirect("storefront:checkout_done", group=group)


def checkout_done(request: HttpRequest, group: uuid.UUID) -> HttpResponse:
    orders = order_selectors.orders_of_group(group)
    mine = str(group) in request.session.get(GROUPS_SESSION_KEY, []) or (
        request.user.is_authenticated and orders and all(o.user_id == request.user.pk for o in orders))
    if not orders or not mine:
        raise Http404(_("This order confirmation is not available."))
    return render(request, "storefront/shop/done.html", {"orders": orders})


# --- Account ----------------------------------------------------------------------------------

def _attach_cart(request: HttpRequest, guest_cart: Cart | None) -> None:
    cart_services.cart_attach_on_sign_in(guest_cart=guest_cart, user=request.user)
    request.session.pop(CART_SESSION_KEY, None)


def sign_in(request: HttpRequest) -> HttpResponse:
    """Password, then the code when the account has two-step sign-in; locked after repeated failures
    [SEC-AUTH-LOCK] [SEC-AUTH-2FA]."""
    guest_cart = current_cart(request) if not request.user.is_authenticated else None
    form = SignInForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = signin.sign_in_password(request=request, email=form.cleaned_data["username"],
                                           password=form.cleaned_data["password"])
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 429 if exc.status == 429 else 200
        else:
            if not signin.sign_in_start(request=request, user=user, next_url=next_url):
                return redirect("storefront:two_factor_verify")  # the guest cart waits in the session
            _attach_cart(request, guest_cart)
            return _back(request, "storefront:account")
    return render(request, "storefront/shop/login.html", {"form": form, "next": next_url}, status=status)


def sign_up(request: HttpRequest) -> HttpResponse:
    """The same answer whether or not the address has an account [SEC-AUTH-ENUMERATION]: an e-mail tells the
    address's owner what happened; the new customer then signs in."""
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            passwords.customer_sign_up_request(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"], language=current_language(),
                ip=client_address(request), base_url=request.build_absolute_uri("/"))
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 429
        else:
            messages.success(request, _("Thank you. We sent an e-mail to this address: read it, then sign in with "
                                        "your e-mail and password."))
            return redirect("storefront:login")
    return render(request, "storefront/shop/signup.html", {"form": form}, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("storefront:home")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    orders = order_selectors.orders_of_user(request.user)
    return render(request, "storefront/shop/account.html", {"orders": orders})


@login_required
def account_order(request: HttpRequest, number: str) -> HttpResponse:
    order = order_selectors.order_of_user(request.user, number)
    if order is None:
        raise Http404(_("This order does not exist."))
    return render(request, "storefront/shop/order.html", {"order": order})
