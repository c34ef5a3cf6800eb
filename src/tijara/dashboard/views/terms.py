"""The store's terms of sale: the owner or a manager completes the model terms, saves them and publishes a
new version; published versions are listed and never change [CP-TERMS]."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tijara.dashboard.access import merchant_required
from tijara.dashboard.forms_terms import TermsForm
from tijara.legal import selectors as legal_selectors
from tijara.legal import services as legal_services
from tijara.legal.models import LANGUAGES, PART_NAMES
from tijara.legal.texts import model_parts


def _initial(request: HttpRequest) -> dict[str, str]:
    """The saved draft, or the model's wording for a part never written."""
    draft = legal_selectors.terms_draft(request.merchant.pk)
    model = model_parts(request.merchant)
    fields = [f"{name}_{language}" for name in PART_NAMES for language in LANGUAGES]
    return {f: (getattr(draft, f) if draft is not None else "") or model.get(f, "") for f in fields}


@merchant_required("terms.edit")
def terms_edit(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TermsForm(request.POST)
        if form.is_valid():
            publish = "publish" in request.POST
            try:
                if publish:
                    version = legal_services.terms_publish(
                        merchant=request.merchant, membership=request.membership, values=form.cleaned_data)
                else:
                    legal_services.terms_draft_save(
                        merchant=request.merchant, membership=request.membership, values=form.cleaned_data)
            except legal_services.TermsError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if publish:
                    messages.success(request, _("Version %(number)s of your terms of sale is published.") % {
                        "number": version.number})
                else:
                    messages.success(request, _("Draft saved. Buyers see it once you publish it."))
                return redirect("dashboard:terms")
    else:
        form = TermsForm(initial=_initial(request))
    context = {"form": form, "versions": legal_selectors.terms_versions(request.merchant.pk)}
    return render(request, "dashboard/terms.html", context)
