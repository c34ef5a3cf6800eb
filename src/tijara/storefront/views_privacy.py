"""A person's privacy page: copy of their data, marketing choices, corrections, erasure, objection [DP-ACCESS].

The person is the holder of an e-mail address, proven by being signed in or by a link sent to that address
(valid one day, kept in the session). Nothing here takes an address from the request: nobody can ask for
someone else's data. Unsubscribe links work without any session [DP-UNSUBSCRIBE].
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tijara.audit.services import request_ip as client_ip
from tijara.core.errors import DomainError
from tijara.core.mail import mail_send
from tijara.core.throttle import client_address, throttle_take
from tijara.dataprotection import selectors as dp_selectors
from tijara.dataprotection import services as dp_services
from tijara.merchants.models import Merchant
from tijara.privacy import selectors as privacy_selectors
from tijara.privacy import services as privacy_services
from tijara.privacy.marketing import unsubscribe_read
from tijara.privacy.models import Basis, Channel, ConsentSource
from tijara.privacy.templatetags.privacy import COOKIE_NOTICE

log = logging.getLogger(__name__)
SUBJECT_SESSION_KEY = "privacy_subject"
LINK_SALT = "tijara.privacy.subject-link"
LINK_MAX_AGE = 24 * 3600


CHOICES_SESSION_KEY = "privacy_checkout_choices"


def privacy_checkout_choices_keep(request: HttpRequest) -> None:
    """Keep the checkout's marketing boxes (unticked unless the buyer ticks them) until the orders exist."""
    request.session[CHOICES_SESSION_KEY] = {
        "email": request.POST.get("marketing_email") == "1", "sms": request.POST.get("marketing_sms") == "1",
        "no_similar": request.POST.get("no_similar_offers") == "1"}


def privacy_checkout_record(request: HttpRequest, orders: list) -> None:
    """Each order records the notice version its store showed; the buyer's marketing choices enter the ledger:
    consent for the boxes ticked, and the soft opt-in for similar products unless they opted out [DP-CONSENT]."""
    choices = request.session.pop(CHOICES_SESSION_KEY, None) or {}
    for order in orders:
        notice = privacy_selectors.notice_current(order.merchant_id, "checkout")
        privacy_services.notice_record(notice=notice, reference=order.number)
        common = {"merchant_id": order.merchant_id, "email": order.email, "source": ConsentSource.CHECKOUT,
                  "notice_version": notice.version, "granted": True}
        if choices.get("email"):
            privacy_services.consent_set(channel=Channel.EMAIL, **common)
        elif not choices.get("no_similar"):
            privacy_services.consent_set(channel=Channel.EMAIL, basis=Basis.SOFT_OPT_IN, **common)
        if choices.get("sms"):
            privacy_services.consent_set(channel=Channel.SMS, phone=order.phone, **common)


def _subject(request: HttpRequest) -> str:
    """The e-mail address this visitor has proven, or ""."""
    if request.user.is_authenticated:
        return request.user.email
    return request.session.get(SUBJECT_SESSION_KEY, "")


@never_cache  # a person's data: never kept by a cache or the browser's disk
def privacy(request: HttpRequest) -> HttpResponse:
    email = _subject(request)
    if not email:
        return render(request, "storefront/privacy/prove.html", {})
    context = {"email": email, "states": privacy_selectors.consent_states(email),
               "requests": dp_selectors.requests_of(email), "platform_channels": Channel.choices,
               "dsr_days": settings.TIJARA_DSR_DAYS}
    return render(request, "storefront/privacy/privacy.html", context)


@require_POST
def privacy_link(request: HttpRequest) -> HttpResponse:
    """E-mail a link proving the address; the same answer whether or not tijara knows it."""
    email = request.POST.get("email", "").strip().lower()[:254]
    if "@" in email and not throttle_take("privacy-link", client_address(request), limit=5, window_seconds=3600) \
            and not throttle_take("privacy-link-to", email, limit=3, window_seconds=3600):
        token = signing.dumps(email, salt=LINK_SALT)
        link = request.build_absolute_uri(reverse("storefront:privacy_verify", args=[token]))
        body = _("Open this link to see and manage the personal data %(site)s holds on you (valid one day):\n\n"
                 "%(link)s\n\nIf you did not ask for it, ignore this message.") % {
            "site": settings.TIJARA_SITE_NAME, "link": link}
        try:
            mail_send(EmailMessage(_("Your personal data on %(site)s") % {"site": settings.TIJARA_SITE_NAME},
                                   body, None, [email]), purpose="transactional")
        except DomainError as exc:  # the answer must not differ; the operator sees why nothing left
            log.warning("privacy link not sent: %s", exc.message)
    messages.info(request, _("If this address is known to us, a link is on its way to it."))
    return redirect("storefront:privacy")


def privacy_verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("This link is not valid or has expired: ask for a new one."))
        return redirect("storefront:privacy")
    request.session[SUBJECT_SESSION_KEY] = email
    return redirect("storefront:privacy")


@never_cache
@require_POST
def privacy_download(request: HttpRequest) -> HttpResponse:
    email = _subject(request)
    if not email:
        return redirect("storefront:privacy")
    _request, archive = dp_services.access_request(email=email, user=request.user, ip=client_ip(request))
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-personal-data.zip"'
    return response


@require_POST
def privacy_consent(request: HttpRequest) -> HttpResponse:
    """Grant or withdraw marketing from the platform or a store this person already deals with."""
    email = _subject(request)
    if not email:
        return redirect("storefront:privacy")
    raw_merchant = request.POST.get("merchant", "")
    merchant_id = None
    if raw_merchant:
        known = {s.merchant_id for s in privacy_selectors.consent_states(email)}
        merchant_id = int(raw_merchant) if raw_merchant.isdigit() and int(raw_merchant) in known else -1
        if merchant_id == -1 or not Merchant.objects.filter(pk=merchant_id).exists():
            messages.error(request, _("Unknown store."))
            return redirect("storefront:privacy")
    granted = request.POST.get("action") == "grant"
    try:
        privacy_services.consent_set(
            merchant_id=merchant_id, email=email, channel=request.POST.get("channel", ""), granted=granted,
            source=ConsentSource.ACCOUNT, phone=getattr(request.user, "phone", "") or "",
            notice_version=privacy_selectors.notice_current(merchant_id, "contact").version)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your choice is recorded.") if granted else
                         _("Done: you will receive no more offers this way."))
    return redirect("storefront:privacy")


@require_POST
def privacy_request(request: HttpRequest) -> HttpResponse:
    email = _subject(request)
    if not email:
        return redirect("storefront:privacy")
    kind = request.POST.get("kind", "")
    try:
        if kind == "objection":
            dp_services.objection_request(email=email, user=request.user)
            messages.success(request, _("Your objection is recorded: no more offers from anyone on this site."))
        elif kind == "rectification":
            if request.user.is_authenticated and "full_name" in request.POST:
                dp_services.account_rectify(user=request.user, full_name=request.POST.get("full_name", ""),
                                            phone=request.POST.get("phone", ""))
            details = request.POST.get("details", "").strip()
            if details or not request.user.is_authenticated:
                dp_services.rectification_request(email=email, user=request.user, details=details)
                messages.success(request, _("Your request is recorded; we answer within %(days)s days.")
                                 % {"days": settings.TIJARA_DSR_DAYS})
            else:
                messages.success(request, _("Your details are corrected."))
        elif kind == "erasure":
            if request.POST.get("confirm") != "1":
                messages.error(request, _("Tick the box to confirm the erasure."))
                return redirect("storefront:privacy")
            done = dp_services.erasure_request(email=email, user=request.user, ip=client_ip(request))
            if done.status != "done":
                messages.warning(request, done.outcome)
                return redirect("storefront:privacy")
            request.session.flush()
            messages.success(request, _("Your personal data is erased. Invoices stay, as the law requires."))
            return redirect("storefront:home")
        else:
            messages.error(request, _("Unknown request."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("storefront:privacy")


def privacy_cookies(request: HttpRequest) -> HttpResponse:
    """Dismiss the cookie banner (a preference cookie, strictly for the banner itself) [DP-COOKIES]."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("storefront:home")
    response = redirect(target)
    response.set_cookie(COOKIE_NOTICE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=request.is_secure())
    return response


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any session or token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click withdraws this consent at once; a forged or altered link changes nothing [DP-UNSUBSCRIBE]."""
    try:
        data = unsubscribe_read(token)
    except signing.BadSignature:
        return HttpResponseBadRequest(render(request, "storefront/privacy/unsubscribed.html", {"ok": False}).content)
    if data["m"] is not None and not Merchant.objects.filter(pk=data["m"]).exists():
        return HttpResponseBadRequest(render(request, "storefront/privacy/unsubscribed.html", {"ok": False}).content)
    privacy_services.consent_withdraw_key(merchant_id=data["m"], key=data["k"], channel=data["c"],
                                          source=ConsentSource.UNSUBSCRIBE)
    return render(request, "storefront/privacy/unsubscribed.html", {"ok": True})
