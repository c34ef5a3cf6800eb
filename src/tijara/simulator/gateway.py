"""What the test card gateway decides, signs, sends and remembers, apart from HTTP.

The simulator plays the interbank switch's hosted payment page so that the card flow can be shown and tested
end to end without a bank. It is an outside party: it knows the shop only through the signed fields the shop
posts, the callback URL it gives and the refund requests it signs, and it signs what it sends back with the
same store key and the same "ver3" rule as a real gateway [PAY-CARD-HASH].

Callback modes (`/control`, `--callback-mode`), to test how the shop copes with a real network:
- `normal`: the callback is sent (and answered) before the buyer is sent back to the shop;
- `late`: the buyer is sent back first, the callback follows `delay_seconds` later from a background thread;
- `twice`: two identical callbacks, one after the other, before the buyer is sent back;
- `out_of_order`: the real callback, then an older result for the same `oid` arriving after it: the callback
  of the buyer's previous try on the page if there was one, otherwise a declined result signed as if from an
  earlier try (earlier `EXTRA.TRXDATE`, its own `TransId`). A shop that lets the last message win would undo
  a payment; it must not;
- `never`: no callback at all (the buyer still comes back to the shop).
"""

import json
import logging
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from tijara.payments.cmi import CURRENCY_MAD, hash_is_valid, ver3_hash

logger = logging.getLogger(__name__)

CALLBACK_MODES = ("normal", "late", "twice", "out_of_order", "never")
LANGUAGES = ("fr", "ar", "en")
REQUIRED_FIELDS = ("clientid", "storetype", "trantype", "amount", "currency", "oid", "okUrl", "failUrl", "lang",
                   "email", "BillToName", "rnd", "hashAlgorithm", "HASH")
REFUND_FIELDS = ("clientid", "oid", "amount", "currency", "rnd", "HASH")
CALLBACK_TIMEOUT_SECONDS = 15
MAX_DELAY_SECONDS = 600
MAX_RECORDS = 10_000  # callbacks kept for GET /callbacks: a long demo or bench must not grow without end
AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")


@dataclass(frozen=True)
class TestCard:
    number: str
    result: str  # shown on the page, translated
    proc_return_code: str
    response: str
    md_status: str
    issuer_country: str
    err_msg: str = ""

    @property
    def approved(self) -> bool:
        return self.proc_return_code == "00"


TEST_CARDS = (
    TestCard("4111111111111111", _("Approved (Moroccan card)"), "00", "Approved", "1", "MA"),
    TestCard("5555555555554444", _("Approved (foreign card, issued in France)"), "00", "Approved", "1", "FR"),
    TestCard("4000000000000002", _("Declined by the bank"), "05", "Declined", "1", "MA", "Do not honour"),
    TestCard("4000000000009995", _("Insufficient funds"), "51", "Declined", "1", "MA", "Insufficient funds"),
    TestCard("4000000000003063", _("3-D Secure authentication failed"), "99", "Declined", "0", "MA",
             "3-D Secure authentication failed"),
)
CARDS_BY_NUMBER = {card.number: card for card in TEST_CARDS}
UNKNOWN_CARD = TestCard("", _("Declined (not a test card)"), "14", "Declined", "1", "MA", "Invalid card number")
CANCELLED = TestCard("", _("Cancelled by the buyer"), "99", "Declined", "", "", "Cancelled by the buyer")


class RequestRefused(Exception):
    """A payment request the hosted page cannot show; `message` is said to the buyer (status 400)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def field_value(fields: Mapping[str, str], name: str) -> str:
    """A field by name in any case (gateways and shops disagree on `CallbackURL` vs `callbackUrl`)."""
    lowered = name.lower()
    return next((str(value) for key, value in fields.items() if key.lower() == lowered), "")


def request_check(fields: Mapping[str, str], store_key: str) -> dict[str, str]:
    """The payment request, if it is complete, signed with the store key and payable; else RequestRefused."""
    missing = [name for name in REQUIRED_FIELDS if not field_value(fields, name).strip()]
    if missing:
        raise RequestRefused(_("The payment request is incomplete. Missing fields: %(fields)s.")
                             % {"fields": ", ".join(missing)})
    if field_value(fields, "hashAlgorithm") != "ver3" or not hash_is_valid(fields, store_key):
        raise RequestRefused(_("The payment request's signature (HASH) is not valid. The shop must sign the "
                               "form with its store key."))
    if field_value(fields, "currency") != CURRENCY_MAD:
        raise RequestRefused(_("Only payments in Moroccan dirhams (currency 504) are accepted."))
    amount = field_value(fields, "amount").strip()
    if not AMOUNT.match(amount) or Decimal(amount) <= 0:
        raise RequestRefused(_("The amount is not valid: a positive number with at most two decimals is expected."))
    if field_value(fields, "lang") not in LANGUAGES:
        raise RequestRefused(_("The language must be ar, fr or en."))
    return dict(fields)


def card_check(number: str, expiry: str, cvv: str, *, today: datetime | None = None):
    """The error to show under the card form, or None when the three entries are well formed."""
    digits = re.sub(r"[\s-]", "", number)
    if not re.fullmatch(r"\d{12,19}", digits):
        return _("Enter the card number (12 to 19 digits).")
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", expiry)
    today = today or datetime.now()
    if not match or not 1 <= int(match[1]) <= 12:
        return _("Enter the expiry date as MM/YY.")
    year = int(match[2]) % 100 + 2000
    if (year, int(match[1])) < (today.year, today.month):
        return _("This card has expired.")
    if not re.fullmatch(r"\d{3,4}", cvv.strip()):
        return _("Enter the 3 or 4 digit security code.")
    return None


def masked(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return f"{digits[:6]}***{digits[-4:]}" if len(digits) >= 10 else ""


def trx_date(moment: datetime) -> str:
    return moment.strftime("%Y%m%d %H:%M:%S")


def transaction_id() -> str:
    return f"{datetime.now():%y%j}{secrets.token_hex(5).upper()}"


def callback_fields(request: Mapping[str, str], card: TestCard, number: str, store_key: str,
                    *, moment: datetime | None = None) -> dict[str, str]:
    """The signed result: every request field but HASH, the outcome fields, then HASH over all of them."""
    fields = {name: str(value) for name, value in request.items() if name.lower() != "hash"}
    fields.update({
        "ProcReturnCode": card.proc_return_code,
        "Response": card.response,
        "mdStatus": card.md_status,
        "TransId": transaction_id(),
        "AuthCode": f"{secrets.randbelow(10**6):06d}" if card.approved else "",
        "ErrMsg": card.err_msg,
        "maskedCreditCard": masked(number),
        "EXTRA.CARDISSUERCOUNTRY": card.issuer_country,
        "EXTRA.TRXDATE": trx_date(moment or datetime.now()),
    })
    fields["HASH"] = ver3_hash(fields, store_key)
    return fields


@dataclass
class Control:
    callback: str = "normal"
    delay_seconds: float = 2.0

    def as_dict(self) -> dict:
        return {"callback": self.callback, "delay_seconds": self.delay_seconds}


def control_parse(data: object, current: Control) -> Control:
    """A new control from posted JSON, or ValueError saying what is wrong."""
    if not isinstance(data, dict) or set(data) - {"callback", "delay_seconds"}:
        raise ValueError('expected {"callback": "normal|late|twice|out_of_order|never", "delay_seconds": 2}')
    mode = data.get("callback", current.callback)
    if mode not in CALLBACK_MODES:
        raise ValueError(f"callback must be one of {', '.join(CALLBACK_MODES)}")
    delay = data.get("delay_seconds", current.delay_seconds)
    if isinstance(delay, bool) or not isinstance(delay, int | float) or not 0 <= delay <= MAX_DELAY_SECONDS:
        raise ValueError(f"delay_seconds must be a number from 0 to {MAX_DELAY_SECONDS}")
    return Control(callback=mode, delay_seconds=float(delay))


@dataclass
class Gateway:
    """The simulator's state, shared by the server's threads: control, callbacks sent, money per `oid`."""

    store_key: str
    control: Control = field(default_factory=Control)
    sent: list[dict] = field(default_factory=list)
    history: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # oid -> callbacks' fields
    captured: dict[str, Decimal] = field(default_factory=dict)
    refunded: dict[str, Decimal] = field(default_factory=dict)
    clients: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def already_paid(self, oid: str) -> bool:
        with self.lock:
            return oid in self.captured

    def pay(self, request: Mapping[str, str], card: TestCard, number: str) -> dict[str, str]:
        """Decide, record the money, send the callback(s) as the control says; the fields for the buyer's return."""
        oid = field_value(request, "oid")
        fields = callback_fields(request, card, number, self.store_key)
        with self.lock:
            control = Control(**self.control.as_dict())
            if card.approved:
                if oid in self.captured:  # a second tab or a replayed submit: never charge twice
                    raise RequestRefused(_("This order has already been paid."))
                self.captured[oid] = Decimal(field_value(request, "amount"))
                self.clients[oid] = field_value(request, "clientid")
            earlier = list(self.history.get(oid, []))
            self.history.setdefault(oid, []).append(fields)
        url = field_value(request, "CallbackURL")
        if not url or control.callback == "never":
            return fields
        if control.callback == "late":
            timer = threading.Timer(control.delay_seconds, self.send, args=(url, fields, "late"))
            timer.daemon = True
            timer.start()
            return fields
        self.send(url, fields, "callback")
        if control.callback == "twice":
            self.send(url, fields, "duplicate")
        elif control.callback == "out_of_order":
            stale = earlier[-1] if earlier else self.stale_decline(request, number)
            self.send(url, stale, "stale")
        return fields

    def stale_decline(self, request: Mapping[str, str], number: str) -> dict[str, str]:
        """A declined result for the same oid, signed as if from a try made a minute earlier."""
        card = CARDS_BY_NUMBER["4000000000000002"]
        return callback_fields(request, card, number, self.store_key, moment=datetime.now() - timedelta(minutes=1))

    def send(self, url: str, fields: Mapping[str, str], kind: str) -> dict:
        """POST one callback server to server and record what the shop answered (or why it did not)."""
        record = {"kind": kind, "url": url, "oid": field_value(fields, "oid"), "fields": dict(fields),
                  "status": None, "reply": None, "error": None, "sent_at": time.time()}
        body = urllib.parse.urlencode(list(fields.items())).encode("utf-8")
        http_request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(http_request, timeout=CALLBACK_TIMEOUT_SECONDS) as response:
                record["status"] = response.status
                record["reply"] = response.read(10_000).decode("utf-8", "replace").strip()
        except urllib.error.HTTPError as error:
            record["status"] = error.code
            record["reply"] = error.read(10_000).decode("utf-8", "replace").strip()
        except (OSError, ValueError) as error:
            record["error"] = str(error) or error.__class__.__name__
        record["duration_ms"] = round((time.time() - record["sent_at"]) * 1000, 1)
        logger.info("callback %s oid=%s -> %s %r", kind, record["oid"], record["status"] or record["error"],
                    record["reply"])
        with self.lock:
            self.sent.append(record)
            del self.sent[:-MAX_RECORDS]
        return record

    def callbacks(self) -> list[dict]:
        with self.lock:
            return json.loads(json.dumps(self.sent))

    def callbacks_clear(self) -> None:
        with self.lock:
            self.sent.clear()

    def refund(self, fields: Mapping[str, str]) -> dict[str, str]:
        """A refund of part or all of what was captured for an `oid`, never more than is left [PAY-CARD-HASH]."""
        missing = [name for name in REFUND_FIELDS if not field_value(fields, name).strip()]
        if missing:
            return _refund_reply("Error", "99", f"missing fields: {', '.join(missing)}")
        if not hash_is_valid(fields, self.store_key):
            return _refund_reply("Error", "99", "invalid HASH")
        if field_value(fields, "currency") != CURRENCY_MAD:
            return _refund_reply("Error", "99", "currency must be 504")
        text = field_value(fields, "amount").strip()
        try:
            amount = Decimal(text) if AMOUNT.match(text) else Decimal(0)
        except InvalidOperation:
            amount = Decimal(0)
        if amount <= 0:
            return _refund_reply("Error", "99", "invalid amount")
        oid = field_value(fields, "oid")
        with self.lock:
            captured = self.captured.get(oid)
            if captured is None or self.clients.get(oid) != field_value(fields, "clientid"):
                return _refund_reply("Declined", "05", "no captured payment for this oid")
            left = captured - self.refunded.get(oid, Decimal(0))
            if amount > left:
                return _refund_reply("Declined", "05", f"amount above the refundable balance ({left:.2f})")
            self.refunded[oid] = self.refunded.get(oid, Decimal(0)) + amount
        return _refund_reply("Approved", "00", "")

    def ledger(self) -> dict[str, dict[str, str]]:
        with self.lock:
            return {oid: {"captured": f"{amount:.2f}", "refunded": f"{self.refunded.get(oid, Decimal(0)):.2f}"}
                    for oid, amount in self.captured.items()}


def _refund_reply(response: str, code: str, message: str) -> dict[str, str]:
    reply = {"Response": response, "ProcReturnCode": code}
    if response == "Approved":
        reply["TransId"] = transaction_id()
    else:
        reply["ErrMsg"] = message
    return reply
