"""The card gateway's server-to-server callback: POST /payments/cmi/callback/ (form-encoded, no CSRF, no session).

The gateway signs the fields; `payments.services.card_callback_handle` checks the signature, the order and
the amount and answers the protocol's text. This view only hands it the posted fields and makes
sure the gateway always gets one of the three answers, never an error page.
"""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from tijara.payments import services as payment_services

logger = logging.getLogger("tijara.payments.callback")

FAILURE = "FAILURE"


def callback_fields(request: HttpRequest) -> dict[str, str]:
    """The posted fields as they came (one value per name, the last); the card provider decodes them."""
    return dict(request.POST.items())


@csrf_exempt
def cmi_callback(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], content=FAILURE, content_type="text/plain")
    try:
        answer = payment_services.card_callback_handle(fields=callback_fields(request))
    except Exception:  # the gateway must get a protocol answer whatever happens here
        logger.exception("card callback answered FAILURE: it could not be read or handled")
        answer = FAILURE
    return HttpResponse(answer, content_type="text/plain; charset=utf-8")
