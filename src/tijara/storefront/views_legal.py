"""A store's legal pages: its terms of sale (current or any published version, page and PDF) and its legal
notice [CP-TERMS]. Open and suspended stores keep them readable: buyers refer to the version of their order."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tijara.core.i18n import current_language
from tijara.core.page_cache import public_page_cache
from tijara.core.text import row_id
from tijara.core.views import pdf_response
from tijara.legal import selectors
from tijara.legal.documents import bidi_segments, terms_blocks, terms_pdf
from tijara.legal.models import TermsVersion
from tijara.merchants.models import Merchant

MAX_VERSION = 1_000_000
def _store(slug: str) -> Merchant:
    store = selectors.legal_store(slug)
    if store is None:
        raise Http404(_("This store does not exist or is not open."))
    return store


def _version(request: HttpRequest, store: Merchant) -> TermsVersion:
    raw = request.GET.get("version", "")
    if raw:
        if row_id(raw) is None or not 0 < int(raw) < MAX_VERSION:
            raise Http404(_("This version of the terms of sale does not exist."))
        version = selectors.terms_version(store.pk, int(raw))
        if version is None:
            raise Http404(_("This version of the terms of sale does not exist."))
        return version
    version = selectors.terms_current(store.pk)
    if version is None:
        raise Http404(_("This store has not published its terms of sale yet."))
    return version


@public_page_cache
def store_terms(request: HttpRequest, slug: str) -> HttpResponse:
    store = _store(slug)
    version = _version(request, store)
    language = current_language()
    shown = language if getattr(version, f"text_{language}", "") else "fr"
    context = {
        "store": store,
        "version": version,
        "blocks": [(kind, bidi_segments(line, rtl=shown == "ar")) for kind, line in terms_blocks(version.text(shown))],
        "shown_language": shown,
        "sha256": version.sha256(shown),
        "versions": selectors.terms_versions(store.pk),
    }
    return render(request, "storefront/legal/terms.html", context)


def store_terms_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    store = _store(slug)
    version = _version(request, store)
    return pdf_response(terms_pdf(version, lang=current_language()),
                        f"terms-{store.slug}-v{version.number}-{current_language()}.pdf", private=False)


@public_page_cache
def store_legal_notice(request: HttpRequest, slug: str) -> HttpResponse:
    store = _store(slug)
    context = {"store": store, "version": selectors.terms_current(store.pk)}
    return render(request, "storefront/legal/legal_notice.html", context)
