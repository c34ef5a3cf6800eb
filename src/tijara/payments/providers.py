"""Payment providers behind one interface, found by code in a registry: a new way to pay is one class here.

Every provider says how a payment starts, how a gateway callback is verified, what capturing means (and who
then holds the money), how a refund is made, and what an order's new status does to its payment:
- `cod`: cash collected by the courier, captured at delivery [PAY-COD];
- `card`: the interbank hosted payment page (`payments.cmi` signs and verifies), captured when a verified
  callback says approved [PAY-CARD-CALLBACK]; refunds through the gateway over HTTP;
- `transfer`: the buyer sends a bank transfer, the merchant confirms receipt with its reference.
The services (`payments.services`) do the bookkeeping around these calls, in transactions; providers do
no database writes and their HTTP calls run outside any transaction.
"""

from __future__ import annotations

import html
import logging
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tijara.core.errors import DomainError
from tijara.orders.models import PaymentMethod
from tijara.payments import cmi
from tijara.payments.models import CardOrigin, PaymentStatus

if TYPE_CHECKING:
    from tijara.payments.models import CardAttempt, Payment, Refund

logger = logging.getLogger(__name__)

PLATFORM, MERCHANT = "platform", "merchant"  # who holds captured money
CARD_LANGUAGES = ("ar", "fr", "en")
APPROVED_CODE = "00"
# Order statuses that mean the goods left: the payment must be settled first (card, transfer).
SHIPPING_STATUSES = frozenset({"shipped", "delivered", "completed"})


class UnknownPaymentMethod(LookupError):
    pass


class PaymentError(DomainError):
    """A payment rule says no (already paid, nothing left to refund, gateway refused…)."""

    code = "payment_refused"
    status = 409


class PaymentInputError(PaymentError):
    """The input itself is wrong (an amount that is not dirhams, a missing reference)."""

    code = "invalid"
    status = 400


@dataclass(frozen=True)
class PaymentStart:
    """What the buyer does after confirmation: nothing now (COD), pay on the gateway's page (card), or send a
    bank transfer (instructions)."""

    pay_page: bool = False
    redirect_url: str | None = None


@dataclass(frozen=True)
class CaptureTerms:
    """Who holds the money once captured, and what the gateway is told (card: ACTION=POSTAUTH)."""

    collected_by: str
    gateway_reply: str | None = None


@dataclass(frozen=True)
class RefundOutcome:
    approved: bool
    provider_reference: str = ""
    message: str = ""


@dataclass(frozen=True)
class CardUrls:
    """Absolute URLs the gateway sends the buyer (ok/fail/shop) and its callback to, built by the face."""

    ok_url: str
    fail_url: str
    callback_url: str
    shop_url: str


@dataclass(frozen=True)
class CardForm:
    """What the browser posts to the gateway: its action and the signed fields (HASH included)."""

    action_url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class CallbackCheck:
    """A gateway callback read and its signature checked; the services check oid, amount and currency."""

    signed: bool
    oid: str = ""
    amount: Decimal | None = None
    currency: str = ""
    proc_return_code: str = ""
    response: str = ""
    trans_id: str = ""
    error_message: str = ""
    masked_card: str = ""
    card_origin: str = ""

    @property
    def approved(self) -> bool:
        return self.proc_return_code == APPROVED_CODE


class PaymentProvider(Protocol):
    code: str
    label: Promise
    description: Promise

    def is_available(self) -> bool:
        """Whether checkout may offer it (a card gateway needs its store key)."""
        ...

    def start(self, *, payments: Sequence[Payment]) -> PaymentStart:
        """What happens once the orders are committed."""
        ...

    def verify_callback(self, *, fields: Mapping[str, str]) -> CallbackCheck:
        """Read a gateway callback and check its signature (providers without callbacks: never signed)."""
        ...

    def capture(self, *, payment: Payment) -> CaptureTerms:
        """Who holds the captured money, and what the gateway is told."""
        ...

    def refund(self, *, payment: Payment, refund: Refund) -> RefundOutcome:
        """Give money back; runs outside any database transaction (it may call the gateway)."""
        ...

    def status_for_order(self, *, payment: Payment, order_status: str) -> str | None:
        """The payment status an order status implies, or None to leave the payment as it is; raises
        PaymentError when the order may not move (goods leaving before they are paid)."""
        ...


class _Offline:
    """Methods whose money never passes through a gateway: no callbacks, refunds recorded by the merchant."""

    def is_available(self) -> bool:
        return True

    def verify_callback(self, *, fields: Mapping[str, str]) -> CallbackCheck:
        return CallbackCheck(signed=False)

    def capture(self, *, payment: Payment) -> CaptureTerms:
        return CaptureTerms(collected_by=MERCHANT)

    def refund(self, *, payment: Payment, refund: Refund) -> RefundOutcome:
        return RefundOutcome(approved=True, provider_reference=refund.reference)


class CashOnDelivery(_Offline):
    """Cash collected by the courier: the payment is captured when the order is delivered [PAY-COD]."""

    code = "cod"
    label = PaymentMethod.COD.label
    description = gettext_lazy("Pay in cash to the courier when your parcel arrives.")

    def start(self, *, payments: Sequence[Payment]) -> PaymentStart:
        return PaymentStart()

    def status_for_order(self, *, payment: Payment, order_status: str) -> str | None:
        if order_status in ("delivered", "completed") and payment.status == PaymentStatus.PENDING:
            return PaymentStatus.CAPTURED
        if order_status == "cancelled" and payment.status in (PaymentStatus.PENDING, PaymentStatus.AUTHORIZED):
            return PaymentStatus.CANCELLED
        return None


def _goods_wait_for_money(payment: Payment, order_status: str, message: str) -> str | None:
    if order_status in SHIPPING_STATUSES and payment.status in (PaymentStatus.PENDING, PaymentStatus.AUTHORIZED):
        raise PaymentError(message)
    if order_status == "cancelled" and payment.status in (PaymentStatus.PENDING, PaymentStatus.AUTHORIZED):
        return PaymentStatus.CANCELLED
    return None


class BankTransfer(_Offline):
    """The buyer sends a bank transfer; the merchant confirms receipt by hand, with the transfer's reference."""

    code = "transfer"
    label = PaymentMethod.TRANSFER.label
    description = gettext_lazy("Pay by bank transfer; the store ships once it has received it.")

    def start(self, *, payments: Sequence[Payment]) -> PaymentStart:
        return PaymentStart()

    def status_for_order(self, *, payment: Payment, order_status: str) -> str | None:
        return _goods_wait_for_money(payment, order_status,
                                     _("Confirm the bank transfer before shipping this order."))


def _field(fields: Mapping[str, str], name: str) -> str:
    """A posted field by name, any case (the gateway's spelling varies)."""
    wanted = name.lower()
    return next((str(v) for k, v in fields.items() if str(k).lower() == wanted), "").strip()


def mask_card(value: str) -> str:
    """The card as the gateway masks it (411111***1111); more than 10 visible digits are masked again."""
    kept = re.sub(r"[^0-9*Xx]", "", value or "")
    digits = re.sub(r"\D", "", kept)
    if len(digits) > 10:
        return f"{digits[:6]}***{digits[-4:]}"
    return kept[:32]


def card_origin_of(country: str) -> str:
    """Issuer country (ISO alpha-2, alpha-3 or numeric) → domestic/foreign, "" when unknown."""
    country = (country or "").strip().upper()
    if not country:
        return ""
    return CardOrigin.DOMESTIC if country in ("MA", "MAR", "504") else CardOrigin.FOREIGN


def amount_text(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')):.2f}"


class CardGateway:
    """The interbank hosted payment page ("3D_PAY_HOSTING"), pre-authorisation captured on callback."""

    code = "card"
    label = PaymentMethod.CARD.label
    description = gettext_lazy("Pay now by card on the interbank centre's secure page (Moroccan and foreign cards).")

    # -- configuration -------------------------------------------------------------------------------
    def store_key(self) -> str:
        return getattr(settings, "TIJARA_CMI_STORE_KEY", "") or ""

    def is_available(self) -> bool:
        return bool(self.store_key() and settings.TIJARA_CMI_CLIENT_ID and settings.TIJARA_CMI_GATEWAY_URL)

    def refund_url(self) -> str:
        parts = urllib.parse.urlsplit(settings.TIJARA_CMI_GATEWAY_URL)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/fim/refund", "", ""))

    # -- interface -----------------------------------------------------------------------------------
    def start(self, *, payments: Sequence[Payment]) -> PaymentStart:
        return PaymentStart(pay_page=True)

    def form(self, *, attempt: CardAttempt, urls: CardUrls, email: str, name: str) -> CardForm:
        """The signed form of one attempt [PAY-CARD-HASH]."""
        fields = {
            "clientid": settings.TIJARA_CMI_CLIENT_ID,
            "storetype": "3D_PAY_HOSTING",
            "trantype": "PreAuth",
            "amount": amount_text(attempt.amount),
            "currency": attempt.currency,
            "oid": attempt.oid,
            "okUrl": urls.ok_url,
            "failUrl": urls.fail_url,
            "CallbackURL": urls.callback_url,
            "shopurl": urls.shop_url,
            "lang": attempt.language,
            "email": email,
            "BillToName": name,
            "rnd": secrets.token_hex(10),
            "hashAlgorithm": "ver3",
            "encoding": "UTF-8",
        }
        fields["HASH"] = cmi.ver3_hash(fields, self.store_key())
        return CardForm(action_url=settings.TIJARA_CMI_GATEWAY_URL, fields=fields)

    def verify_callback(self, *, fields: Mapping[str, str]) -> CallbackCheck:
        """Read a callback; `signed` only when its HASH matches, compared in constant time [PAY-CARD-HASH].

        The protocol hashes the values HTML-entity-decoded without their trailing newline; the raw values
        are accepted too (both are signed with the same secret key).
        """
        key = self.store_key()
        raw = {str(k): str(v) for k, v in fields.items()}
        decoded = {k: html.unescape(re.sub(r"\r?\n$", "", v)) for k, v in raw.items()}
        signed = bool(key) and (cmi.hash_is_valid(decoded, key) | cmi.hash_is_valid(raw, key))
        amount: Decimal | None
        try:
            amount = Decimal(_field(raw, "amount"))
            if not amount.is_finite():
                amount = None
        except (InvalidOperation, ValueError):
            amount = None
        return CallbackCheck(
            signed=signed, oid=_field(raw, "oid")[:64], amount=amount, currency=_field(raw, "currency")[:3],
            proc_return_code=_field(raw, "ProcReturnCode")[:8], response=_field(raw, "Response")[:20],
            trans_id=_field(raw, "TransId")[:64], error_message=_field(raw, "ErrMsg")[:255],
            masked_card=mask_card(_field(raw, "maskedCreditCard")),
            card_origin=card_origin_of(_field(raw, "EXTRA.CARDISSUERCOUNTRY")),
        )

    def capture(self, *, payment: Payment) -> CaptureTerms:
        return CaptureTerms(collected_by=PLATFORM, gateway_reply="ACTION=POSTAUTH")

    def refund(self, *, payment: Payment, refund: Refund) -> RefundOutcome:
        """Ask the gateway to give back `refund.amount` of the attempt that paid (HTTP, with a timeout)."""
        return self.give_back(oid=payment.reference, amount=refund.amount)

    def give_back(self, *, oid: str, amount: Decimal) -> RefundOutcome:
        """A signed refund request for `amount` of what the gateway captured for `oid`."""
        if not self.is_available():
            return RefundOutcome(False, message=_("Card payments are not configured on this server."))
        fields = {"clientid": settings.TIJARA_CMI_CLIENT_ID, "oid": oid, "amount": amount_text(amount),
                  "currency": cmi.CURRENCY_MAD, "rnd": secrets.token_hex(10)}
        fields["HASH"] = cmi.ver3_hash(fields, self.store_key())
        request = urllib.request.Request(
            self.refund_url(), data=urllib.parse.urlencode(fields).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=settings.TIJARA_CMI_TIMEOUT_SECONDS) as reply:  # noqa: S310
                body = reply.read(4096).decode("utf-8", "replace")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            logger.warning("card refund of oid %s: gateway unreachable (%s)", oid, exc)
            return RefundOutcome(False, message=_("The card gateway cannot be reached; try again later."))
        answer = {k: v[0] for k, v in urllib.parse.parse_qs(body.strip()).items()}
        if answer.get("Response") == "Approved" and answer.get("ProcReturnCode") == APPROVED_CODE:
            return RefundOutcome(True, provider_reference=answer.get("TransId", "")[:100])
        logger.warning("card refund of oid %s refused by the gateway: %s", oid, body[:200])
        return RefundOutcome(False, message=_("The bank refused the refund (%(code)s).") % {
            "code": answer.get("ProcReturnCode") or answer.get("Response") or "?"})

    def status_for_order(self, *, payment: Payment, order_status: str) -> str | None:
        return _goods_wait_for_money(payment, order_status,
                                     _("This order is not paid by card yet: it cannot ship."))


_REGISTRY: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    _REGISTRY[provider.code] = provider
    return provider


def get_provider(code: str) -> PaymentProvider:
    """Any registered provider (existing payments keep theirs even when it is no longer offered)."""
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownPaymentMethod(code) from None


def available_provider(code: str) -> PaymentProvider:
    """A provider checkout may offer now; UnknownPaymentMethod otherwise (card without its store key)."""
    provider = get_provider(code)
    if not provider.is_available():
        raise UnknownPaymentMethod(code)
    return provider


def available_providers() -> list[PaymentProvider]:
    return [p for p in _REGISTRY.values() if p.is_available()]


def card_gateway() -> CardGateway:
    provider = get_provider(CardGateway.code)
    assert isinstance(provider, CardGateway)
    return provider


register(CashOnDelivery())
register(CardGateway())
register(BankTransfer())
