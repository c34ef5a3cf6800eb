"""Card payment pages of a checkout group: pay (signed form to the gateway), back from the gateway (ok and
fail), the state fragment the "being confirmed" page polls, and the switch to cash on delivery.

The gateway sends the buyer back with a cross-site POST, so the ok and fail pages are exempt from CSRF and
read nothing posted: the state comes from the database, which only a verified callback changes. Who may see a
group: the session that placed it (as the confirmation page checks), or whoever holds the group's access key
that the gateway's return URLs carry (a session cookie is not always sent on a cross-site return).
"""

import logging
import urllib.error
import urllib.request
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tijara.core.errors import DomainError
from tijara.core.i18n import current_language
from tijara.orders import selectors as order_selectors
from tijara.orders.models import Order
from tijara.payments import access as payment_access
from tijara.payments import services as payment_services
from tijara.payments.access import checkout_access_key, checkout_access_key_valid
from tijara.payments.models import CardAttempt
from tijara.storefront.views_shop import GROUPS_SESSION_KEY

logger = logging.getLogger("tijara.storefront.pay")

FINAL_STATES = {"paid", "declined", "expired", "cancelled", "cod", "transfer"}
POLL_SECONDS = 2
HEALTH_TIMEOUT_SECONDS = 2.0


def _my_orders(request: HttpRequest, group: uuid.UUID) -> list[Order]:
    """The group's orders if this visitor placed them (session or access key); 404 otherwise."""
    key = request.GET.get("k", "")
    if checkout_access_key_valid(group, key):
        groups = request.session.get(GROUPS_SESSION_KEY, [])
        if str(group) not in groups:
            request.session[GROUPS_SESSION_KEY] = [*groups[-9:], str(group)]
    orders = order_selectors.orders_of_group(group)
    mine = str(group) in request.session.get(GROUPS_SESSION_KEY, []) or (
        request.user.is_authenticated and orders and all(o.user_id == request.user.pk for o in orders))
    if not orders or not mine:
        raise Http404(_("This order confirmation is not available."))
    return orders


def card_urls(request: HttpRequest, group: uuid.UUID) -> payment_services.CardUrls:
    return payment_access.card_urls(group, request.build_absolute_uri)


def gateway_reachable() -> bool:
    """Whether the hosted payment page's host answers at all (a few seconds at most).

    Any HTTP answer counts, whatever its status: the bank's host need not serve a health page; only a refused
    or timed-out connection means the buyer would land on an error page instead of the bank's."""
    parts = urlsplit(settings.TIJARA_CMI_GATEWAY_URL)
    try:
        with urllib.request.urlopen(f"{parts.scheme}://{parts.netloc}/", timeout=HEALTH_TIMEOUT_SECONDS):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def _total(orders: list[Order]) -> Decimal:
    return sum((o.total for o in orders), Decimal("0.00"))


def _see_other(request: HttpRequest) -> HttpResponse:
    """Answer the gateway's POST with a GET of the same address (the page then reads the database)."""
    response = HttpResponseRedirect(request.get_full_path())
    response.status_code = 303
    return response


def _context(orders: list[Order], state: str, **extra) -> dict:
    group = orders[0].checkout_group
    return {"orders": orders, "group": group, "state": state, "total": _total(orders),
            "final": state in FINAL_STATES, "poll_seconds": POLL_SECONDS, "key": checkout_access_key(group), **extra}


def checkout_pay(request: HttpRequest, group: uuid.UUID) -> HttpResponse:
    """Start a card attempt and post its signed form to the gateway (by script, or the visible button).

    GET after the confirmation, POST from the "retry by card" button; each call is a new attempt.
    """
    orders = _my_orders(request, group)
    state = payment_services.checkout_payment_state(checkout_group=group)
    if state == "paid":
        return redirect(reverse("storefront:checkout_pay_ok", kwargs={"group": group}))
    if state in ("cod", "transfer"):
        return redirect("storefront:checkout_done", group=group)
    form, problem = None, ""
    if state in ("expired", "cancelled"):
        problem = _("This checkout can no longer be paid: it was not paid in time and its orders are cancelled.")
    elif not gateway_reachable():
        problem = _("The card payment service cannot be reached right now. Try again in a few minutes, or pay "
                    "cash on delivery: your orders are kept.")
    else:
        try:
            form = payment_services.card_attempt_start(checkout_group=group, language=current_language(),
                                                       urls=card_urls(request, group))
        except DomainError as exc:
            problem = exc.message
        except Exception:  # the buyer gets a way forward even if the gateway adapter breaks
            logger.exception("card attempt could not start for checkout group %s", group)
            problem = _("The card payment could not be started. Try again, or pay cash on delivery: your orders "
                        "are kept.")
    context = _context(orders, state, form=form, problem=problem, can_switch=state in ("pending", "declined"))
    return render(request, "storefront/shop/pay.html", context)


@csrf_exempt
def checkout_pay_ok(request: HttpRequest, group: uuid.UUID) -> HttpResponse:
    """Back from the gateway after an approval: "payment being confirmed" until the callback is verified."""
    if request.method == "POST":  # the gateway's cross-site POST: nothing posted is read
        return _see_other(request)
    orders = _my_orders(request, group)
    state = payment_services.checkout_payment_state(checkout_group=group)
    return render(request, "storefront/shop/pay_result.html", _context(orders, state, landing="ok"))


@csrf_exempt
def checkout_pay_fail(request: HttpRequest, group: uuid.UUID) -> HttpResponse:
    """Back from the gateway after a refusal: the reason, retry by card, or cash on delivery instead."""
    if request.method == "POST":
        return _see_other(request)
    orders = _my_orders(request, group)
    state = payment_services.checkout_payment_state(checkout_group=group)
    if state == "paid":  # a late approval overtook the buyer: show the ok page
        return redirect(reverse("storefront:checkout_pay_ok", kwargs={"group": group}))
    return render(request, "storefront/shop/pay_result.html", _context(
        orders, state, landing="fail", can_switch=state in ("pending", "declined"),
        reason=_decline_reason(group) if state == "declined" else ""))


def _decline_reason(group: uuid.UUID) -> str:
    """Why the bank said no, from the last attempt's verified return code (never from the posted fields)."""
    code = (CardAttempt.objects.filter(checkout_group=group).order_by("-created_at", "-pk")
            .values_list("proc_return_code", flat=True).first()) or ""
    reasons = {
        "05": _("Your bank declined the payment."),
        "51": _("The card's balance or limit is not enough for this amount."),
        "54": _("The card has expired."),
        "99": _("The card could not be authenticated (3-D Secure), or the payment was cancelled on the bank's page."),
    }
    return reasons.get(code, "")


def checkout_pay_status(request: HttpRequest, group: uuid.UUID) -> HttpResponse:
    """The state fragment the confirming page swaps in every few seconds."""
    orders = _my_orders(request, group)
    state = payment_services.checkout_payment_state(checkout_group=group)
    response = render(request, "storefront/shop/_pay_state.html", _context(orders, state, landing="ok"))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def checkout_pay_cod(request: HttpRequest, group: uuid.UUID) -> HttpResponse:
    """A buyer whose card did not go through pays cash on delivery instead; the orders stay as they are."""
    _my_orders(request, group)
    try:
        payment_services.checkout_switch_to_cod(checkout_group=group)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("storefront:checkout_pay_fail", group=group)
    messages.success(request, _("You will pay cash on delivery. The sellers will call you to confirm."))
    return redirect("storefront:checkout_done", group=group)
