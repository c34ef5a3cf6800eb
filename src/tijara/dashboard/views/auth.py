"""Sign-in, sign-out, the owner's sign-up and the confirmation of their e-mail address."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.merchants import services
from tijara.merchants.forms import OwnerSignupForm


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
                base_url=request.build_absolute_uri("/"),
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
    services.email_verification_resend(user=request.user, base_url=request.build_absolute_uri("/"))
    messages.info(request, _("A new confirmation link is on its way."))
    return redirect("dashboard:onboarding")
