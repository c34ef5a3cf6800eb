"""The simulator's HTTP face: a small threaded stdlib server, so it runs beside the shop without Django's
request machinery (pages are rendered with Django templates in the language the shop asked for).

    GET  /                      what this is, and the test cards
    POST /fim/est3Dgate         the hosted payment page for a signed payment request
    POST /fim/pay               the card form's submit: decide, call the shop back, return the buyer
    POST /fim/refund            a signed refund request; plain-text `Response=...&ProcReturnCode=...` reply
    GET|POST /control           the callback mode, as JSON
    GET|DELETE /callbacks       the callbacks sent and the shop's replies (for tests), as JSON
    GET  /healthz               200 when up
    GET  /static/simulator.css, /static/return.js   the pages' style and script (files: the pages carry a CSP)
"""

import json
import logging
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tijara.core.money import format_mad

from .gateway import (
    CANCELLED,
    CARDS_BY_NUMBER,
    LANGUAGES,
    TEST_CARDS,
    UNKNOWN_CARD,
    Gateway,
    RequestRefused,
    card_check,
    control_parse,
    field_value,
    request_check,
)

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
STATIC_DIR = Path(__file__).resolve().parent / "static" / "simulator"
STATIC_FILES = {"/static/simulator.css": ("simulator.css", "text/css; charset=utf-8"),
                "/static/return.js": ("return.js", "text/javascript; charset=utf-8")}
# Like the shop's own pages: no inline script, never framed; the return form posts to any shop (okUrl/failUrl).
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
               "base-uri 'none'; form-action 'self' http: https:; frame-ancestors 'none'")


class Problem(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def page_language(fields) -> str:
    lang = field_value(fields, "lang")
    return lang if lang in LANGUAGES else "fr"


def merchant_name(request) -> str:
    """The shop as the buyer knows it: the host of `shopurl`, else the merchant id."""
    host = urllib.parse.urlsplit(field_value(request, "shopurl")).netloc
    return host or field_value(request, "clientid")


class Handler(BaseHTTPRequestHandler):
    server_version = "tijara-gateway-simulator/1"
    gateway: Gateway  # set on the subclass the server is built with

    # --- routing ----------------------------------------------------------------------------------------
    def do_GET(self):
        self._dispatch({"/": self.index, "/healthz": self.healthz, "/control": self.control_get,
                        "/callbacks": self.callbacks_get, **dict.fromkeys(STATIC_FILES, self.static_file)})

    def do_POST(self):
        self._dispatch({"/fim/est3Dgate": self.hosted_page, "/fim/pay": self.pay, "/fim/refund": self.refund,
                        "/control": self.control_post})

    def do_DELETE(self):
        self._dispatch({"/callbacks": self.callbacks_delete})

    def _dispatch(self, routes):
        path = urllib.parse.urlsplit(self.path).path
        handler = routes.get(path)
        try:
            if handler is None:
                known = path in {"/", "/healthz", "/control", "/callbacks", "/fim/est3Dgate", "/fim/pay",
                                 "/fim/refund", *STATIC_FILES}
                raise Problem(HTTPStatus.METHOD_NOT_ALLOWED if known else HTTPStatus.NOT_FOUND,
                              "method not allowed" if known else "not found")
            handler()
        except Problem as problem:
            self.send_text(problem.message, problem.status)
        except Exception:  # never a stack trace to a client: log it, answer 500
            logger.exception("simulator error on %s %s", self.command, self.path)
            self.send_text("internal error of the gateway simulator", HTTPStatus.INTERNAL_SERVER_ERROR)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        logger.info("%s %s", self.address_string(), format % args)

    # --- helpers ----------------------------------------------------------------------------------------
    def body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Problem(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length > MAX_BODY_BYTES:
            raise Problem(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request too large")
        return self.rfile.read(length) if length > 0 else b""

    def form(self) -> dict[str, str]:
        try:
            text = self.body().decode("utf-8")
        except UnicodeDecodeError:
            raise Problem(HTTPStatus.BAD_REQUEST, "the form must be UTF-8") from None
        return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))

    def send_bytes(self, content: bytes, status: int, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", PAGE_POLICY)
            self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(content)

    def send_text(self, text: str, status: int = HTTPStatus.OK) -> None:
        self.send_bytes(text.encode("utf-8"), status, "text/plain; charset=utf-8")

    def send_json(self, data, status: int = HTTPStatus.OK) -> None:
        self.send_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"), status,
                        "application/json; charset=utf-8")

    def send_page(self, template: str, context: dict, language: str, status: int = HTTPStatus.OK) -> None:
        with translation.override(language):
            html = render_to_string(template, {"lang": language, "rtl": language == "ar", **context})
        self.send_bytes(html.encode("utf-8"), status, "text/html; charset=utf-8")

    def send_error_page(self, message, language: str) -> None:
        self.send_page("simulator/error.html", {"message": str(message)}, language, HTTPStatus.BAD_REQUEST)

    def cards(self) -> list[dict]:
        return [{"number": " ".join(card.number[i:i + 4] for i in range(0, 16, 4)), "result": card.result,
                 "origin": card.issuer_country} for card in TEST_CARDS]

    # --- pages --------------------------------------------------------------------------------------------
    def index(self):
        self.send_page("simulator/index.html", {"cards": self.cards()}, "en")

    def healthz(self):
        self.send_text("ok")

    def static_file(self):
        name, content_type = STATIC_FILES[urllib.parse.urlsplit(self.path).path]
        self.send_bytes((STATIC_DIR / name).read_bytes(), HTTPStatus.OK, content_type)

    def hosted_page(self):
        fields = self.form()
        language = page_language(fields)
        with translation.override(language):
            self.show_form(fields, language)

    def show_form(self, fields, language, error="", status=HTTPStatus.OK, number=""):
        try:
            request = request_check(fields, self.gateway.store_key)
            if self.gateway.already_paid(field_value(request, "oid")):
                raise RequestRefused(_("This order has already been paid."))
        except RequestRefused as refused:
            self.send_error_page(refused.message, language)
            return
        context = {
            "merchant": merchant_name(request),
            "clientid": field_value(request, "clientid"),
            "amount": format_mad(field_value(request, "amount"), language),
            "oid": field_value(request, "oid"),
            "request_json": json.dumps(request, ensure_ascii=False),
            "error": str(error),
            "number": number,
            "cards": self.cards(),
        }
        self.send_page("simulator/page.html", context, language, status)

    def pay(self):
        form = self.form()
        try:
            fields = json.loads(form.get("request", ""))
            if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
                raise ValueError
        except ValueError:
            with translation.override(page_language(form)):
                self.send_error_page(_("The payment request is incomplete. Missing fields: %(fields)s.")
                                     % {"fields": "request"}, page_language(form))
            return
        language = page_language(fields)
        with translation.override(language):
            self.pay_in(form, fields, language)

    def pay_in(self, form, fields, language):
        try:
            request = request_check(fields, self.gateway.store_key)
        except RequestRefused as refused:
            self.send_error_page(refused.message, language)
            return
        number = form.get("card_number", "")
        if form.get("cancel"):
            card, number = CANCELLED, ""
        else:
            error = card_check(number, form.get("card_expiry", ""), form.get("card_cvv", ""))
            if error:
                self.show_form(fields, language, error, HTTPStatus.BAD_REQUEST, number=number)
                return
            number = "".join(ch for ch in number if ch.isdigit())
            card = CARDS_BY_NUMBER.get(number, UNKNOWN_CARD)
        try:
            result = self.gateway.pay(request, card, number)
        except RequestRefused as refused:
            self.send_error_page(refused.message, language)
            return
        target = field_value(request, "okUrl") if card.approved else field_value(request, "failUrl")
        self.send_page("simulator/return.html",
                       {"action": target, "fields": sorted(result.items()), "approved": card.approved,
                        "result": card.result}, language)

    def refund(self):
        reply = self.gateway.refund(self.form())
        self.send_text(urllib.parse.urlencode(reply))

    def control_get(self):
        self.send_json(self.gateway.control.as_dict())

    def control_post(self):
        try:
            data = json.loads(self.body().decode("utf-8") or "{}")
            control = control_parse(data, self.gateway.control)
        except (ValueError, UnicodeDecodeError) as error:
            self.send_json({"message": str(error)}, HTTPStatus.BAD_REQUEST)
            return
        with self.gateway.lock:
            self.gateway.control = control
        self.send_json(control.as_dict())

    def callbacks_get(self):
        self.send_json({"callbacks": self.gateway.callbacks(), "payments": self.gateway.ledger()})

    def callbacks_delete(self):
        self.gateway.callbacks_clear()
        self.send_json({"callbacks": []})


def server_build(gateway: Gateway, host: str, port: int) -> ThreadingHTTPServer:
    """A threaded server bound to (host, port) whose handlers share `gateway`."""
    handler = type("GatewayHandler", (Handler,), {"gateway": gateway})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
