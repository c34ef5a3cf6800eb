"""Sign-in, sign-out, the owner's sign-up and the confirmation of their e-mail address."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from tijara.accounts import passwords, signin
from tijara.accounts.forms import SignInForm
from tijara.core.errors import DomainError
from tijara.core.throttle import client_address
from tijara.dashboard.views.privacy import notice_collected
from tijara.merchants import services
from tijara.merchants.forms import OwnerSignupForm


class DashboardLoginView(View):
    """Password, then the second factor when the account has one; locked after repeated failures
    [SEC-AUTH-LOCK] [SEC-AUTH-2FA]. Roles that must have a second factor and have none yet are taken to
    enrolment by `accounts.middleware` at their first back-office page."""

    def _next(self, request: HttpRequest) -> str:
        target = request.POST.get("next") or request.GET.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return target
        return reverse("dashboard:home")

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(self._next(request))
        return render(request, "dashboard/login.html", {"form": SignInForm(), "next": request.GET.get("next", "")})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SignInForm(request.POST)
        status = 200
        if form.is_valid():
            try:
                user = signin.sign_in_password(request=request, email=form.cleaned_data["username"],
                                               password=form.cleaned_data["password"])
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 429 if exc.status == 429 else 200
            else:
                if not signin.sign_in_start(request=request, user=user, next_url=self._next(request)):
                    return redirect("storefront:two_factor_verify")
                return redirect(self._next(request))
        return render(request, "dashboard/login.html", {"form": form, "next": request.POST.get("next", "")},
                      status=status)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site signs in through the back-office sign-in (its lock and second factor), never its own form."""
    target = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/admin/"
    return redirect(f"{reverse('dashboard:login')}?{urlencode({'next': target})}")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("storefront:home")


def signup(request: HttpRequest) -> HttpResponse:
    """Step 1: the owner's account. The answer is the same whether or not the address has an account
    [SEC-AUTH-ENUMERATION]: a new address gets the link that confirms it, a taken one an e-mail to its owner;
    nobody is signed in here, the owner signs in with the password after opening the link."""
    if request.user.is_authenticated:
        return redirect("dashboard:onboarding")
    form = OwnerSignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = passwords.owner_sign_up_request(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"], language=get_language() or "fr",
                ip=client_address(request), base_url=request.build_absolute_uri("/"),
            )
        except passwords.TooManyRequests as exc:
            form.add_error(None, exc.message)
            status = 429
        else:
            if user is not None:
                notice_collected(form="onboarding", merchant_id=None, reference=f"user:{user.pk}")  # [DP-NOTICE]
            messages.info(request, _("Thank you. We sent an e-mail to this address: open it to continue, then sign "
                                     "in with your e-mail and password."))
            return redirect(_signin_then_onboarding())
    return render(request, "dashboard/signup.html", {"form": form}, status=status)


def _signin_then_onboarding() -> str:
    return f"{reverse('dashboard:login')}?{urlencode({'next': reverse('dashboard:onboarding')})}"


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link confirms the address; an owner not signed in yet is taken to the sign-in page."""
    try:
        services.email_verify(token=token)
    except services.MerchantError as exc:
        return render(request, "dashboard/message.html", {"title": _("Email confirmation"), "text": exc.message},
                      status=400)
    if request.user.is_authenticated:
        messages.success(request, _("Your email address is confirmed."))
        return redirect("dashboard:onboarding")
    messages.success(request, _("Your email address is confirmed: sign in to continue opening your store."))
    return redirect(_signin_then_onboarding())


@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("dashboard:login")
    services.email_verification_resend(user=request.user, base_url=request.build_absolute_uri("/"))
    messages.info(request, _("A new confirmation link is on its way."))
    return redirect("dashboard:onboarding")
