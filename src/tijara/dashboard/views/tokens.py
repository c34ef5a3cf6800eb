"""API tokens of the store: create one (its secret is shown on this answer only), list them, revoke one
[SEC-API-TOKENS]."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tijara.core.errors import DomainError, NotFound
from tijara.dashboard.access import merchant_required
from tijara.merchants.models import TokenScope
from tijara.merchants.tokens import token_create, token_list, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80,
                           help_text=gettext_lazy("What uses it, e.g. “ERP” or “call centre”."))
    scopes = forms.MultipleChoiceField(label=gettext_lazy("What it may do"), choices=TokenScope.choices,
                                       widget=forms.CheckboxSelectMultiple)


def _page(request: HttpRequest, form: TokenForm, *, secret: str = "", status: int = 200) -> HttpResponse:
    response = render(request, "dashboard/tokens/list.html", {
        "form": form, "tokens": token_list(merchant=request.merchant), "secret": secret,
    }, status=status)
    add_never_cache_headers(response)  # the secret must not stay in any cache
    return response


@merchant_required("tokens.manage")
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, secret = token_create(membership=request.membership, name=form.cleaned_data["name"],
                                          scopes=form.cleaned_data["scopes"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return _page(request, TokenForm(), secret=secret)
    return _page(request, form, status=400)


@merchant_required("tokens.manage")
@require_POST
def token_revoke_view(request: HttpRequest, api_token_id: int) -> HttpResponse:
    try:
        token = token_revoke(membership=request.membership, token_id=api_token_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("dashboard:tokens")
