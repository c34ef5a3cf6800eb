"""Account security pages: the sign-in code, password reset, the security page (password, two-step sign-in,
recovery codes, sign out everywhere). Thin views over `accounts.signin`, `accounts.two_factor`,
`accounts.passwords` [SEC-AUTH-2FA] [SEC-AUTH-RESET] [SEC-AUTH-SESSIONS]."""

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tijara.accounts import passwords, signin, two_factor
from tijara.accounts.forms import (
    CodeForm,
    EmailForm,
    NewPasswordForm,
    PasswordChangeForm,
    PasswordConfirmForm,
)
from tijara.core.errors import DomainError
from tijara.core.i18n import current_language
from tijara.core.throttle import client_address
from tijara.storefront.views_shop import _attach_cart as attach_cart
from tijara.storefront.views_shop import current_cart

SHOP_CSS = "storefront/shop.css"
ENROL_SESSION_KEY = "two_factor_enrol_secret"
RESET_SESSION_KEY = "password_reset_token"
RESET_LANDING = "set-password"


def safe_next(request: HttpRequest, target: str, default: str) -> HttpResponse:
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _status(exc: DomainError) -> int:
    return 429 if exc.status == 429 else 200


# --- Second step of sign-in ---------------------------------------------------------------------------

@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code after the password (pending user), or for a signed-in session that has not given it yet."""
    user = signin.pending_user(request)
    next_url = signin.pending_next(request) or request.GET.get("next", "") or request.POST.get("next", "")
    if user is None and request.user.is_authenticated and two_factor.two_factor_enabled(request.user):
        user = request.user
    if user is None:
        return redirect("storefront:login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        guest_cart = current_cart(request) if not request.user.is_authenticated else None
        try:
            method = signin.sign_in_code(request=request, user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
            status = _status(exc)
        else:
            attach_cart(request, guest_cart)
            if method == "recovery":
                left = two_factor.recovery_codes_left(user)
                messages.warning(request, _("You used a recovery code; %(left)d left. Renew them on your security "
                                            "page.") % {"left": left})
            return safe_next(request, next_url, "storefront:account")
    return render(request, "storefront/account/code.html", {"form": form, "next": next_url}, status=status)


# --- Password reset -----------------------------------------------------------------------------------

def password_reset(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            passwords.password_reset_request(email=form.cleaned_data["email"], ip=client_address(request),
                                             base_url=request.build_absolute_uri("/"), language=current_language())
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = _status(exc)
        else:
            return render(request, "storefront/account/reset_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "storefront/account/reset.html", {"form": form}, status=status)


@never_cache
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link's token goes into the session and out of the address bar (never in a Referer header)."""
    if token != RESET_LANDING:
        request.session[RESET_SESSION_KEY] = token[:100]
        return redirect("storefront:password_reset_confirm", uidb64=uidb64[:40], token=RESET_LANDING)
    token = request.session.get(RESET_SESSION_KEY, "")
    try:
        passwords.password_reset_user(uidb64=uidb64, token=token)
    except DomainError as exc:
        return render(request, "storefront/account/reset_invalid.html", {"message": exc.message}, status=400)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            passwords.password_reset_complete(uidb64=uidb64, token=token, password=form.cleaned_data["password"],
                                              ip=client_address(request))
        except ValidationError as exc:
            form.add_error("password", exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            request.session.pop(RESET_SESSION_KEY, None)
            messages.success(request, _("Your password is changed. Sign in with it."))
            return redirect("storefront:login")
    return render(request, "storefront/account/reset_confirm.html", {"form": form})


# --- Security page ------------------------------------------------------------------------------------

def _security_context(request: HttpRequest, **extra) -> dict:
    user = request.user
    enabled = two_factor.two_factor_enabled(user)
    return {"two_factor_enabled": enabled, "two_factor_required": two_factor.two_factor_required(user),
            "recovery_left": two_factor.recovery_codes_left(user) if enabled else 0,
            "password_form": extra.pop("password_form", None) or PasswordChangeForm(),
            "confirm_form": extra.pop("confirm_form", None) or PasswordConfirmForm(), **extra}


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/account/security.html", _security_context(request))


@login_required
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        try:
            passwords.password_change(user=request.user, old_password=form.cleaned_data["old_password"],
                                      new_password=form.cleaned_data["password"], ip=client_address(request))
        except ValidationError as exc:
            form.add_error("password", exc)
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            update_session_auth_hash(request, request.user)  # this session stays; the others end
            messages.success(request, _("Your password is changed. Your other sessions are signed out."))
            return redirect("storefront:security")
    return render(request, "storefront/account/security.html", _security_context(request, password_form=form))


@never_cache
@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Enrolment: the QR code of a new secret (kept in the session until a code proves the app has it)."""
    if two_factor.two_factor_enabled(request.user) and not signin.session_verified(request):
        return redirect("storefront:two_factor_verify")  # replacing the authenticator needs the current one
    secret = request.session.get(ENROL_SESSION_KEY)
    if request.method == "GET" or not secret:
        secret = two_factor.totp_secret_new()
        request.session[ENROL_SESSION_KEY] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enable(user=request.user, secret=secret, code=form.cleaned_data["code"],
                                                 ip=client_address(request))
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            request.session.pop(ENROL_SESSION_KEY, None)
            request.session.cycle_key()
            request.session[signin.SESSION_TWO_FACTOR] = "verified"
            next_url = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = ""
            return render(request, "storefront/account/recovery_codes.html", {"codes": codes, "next": next_url})
    uri = two_factor.totp_uri(secret=secret, email=request.user.email)
    return render(request, "storefront/account/two_factor.html", {
        "form": form, "qr_svg": two_factor.qr_svg(uri), "secret": secret,
        "required": two_factor.two_factor_required(request.user)})


@never_cache
@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if not two_factor.two_factor_enabled(request.user) or not signin.session_verified(request):
        return redirect("storefront:two_factor_verify")
    codes = two_factor.recovery_codes_renew(user=request.user, ip=client_address(request))
    return render(request, "storefront/account/recovery_codes.html", {"codes": codes})


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid() and request.user.check_password(form.cleaned_data["password"]):
        try:
            two_factor.two_factor_disable(user=request.user, ip=client_address(request))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            request.session.pop(signin.SESSION_TWO_FACTOR, None)
            messages.success(request, _("Two-step sign-in is off."))
        return redirect("storefront:security")
    form.add_error("password", _("Your current password is not this one."))
    return render(request, "storefront/account/security.html", _security_context(request, confirm_form=form))


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    passwords.sessions_end_all(user=request.user, ip=client_address(request))
    logout(request)
    messages.success(request, _("You are signed out on every device, this one included."))
    return redirect("storefront:login")
