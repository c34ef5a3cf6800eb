"""A card checkout, and the callbacks the interbank gateway would send for it (signed with the store key).

Callbacks are written here the way the gateway writes them: every field of the form the shop signed except
HASH, plus the result fields, then a fresh ver3 HASH. Tests that need the gateway's money side (refunds) use
the simulator as a real process (tests/gateway.py).
"""

from decimal import Decimal

from django.conf import settings

from tests.checkout.helpers import fill_details, new_key
from tijara.cart.models import Cart
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order
from tijara.payments.cmi import ver3_hash
from tijara.payments.services import CardForm, CardUrls, card_attempt_start

URLS = CardUrls(ok_url="http://127.0.0.1:8000/fr/pay/ok/", fail_url="http://127.0.0.1:8000/fr/pay/fail/",
                callback_url="http://127.0.0.1:8000/api/v1/payments/card/callback",
                shop_url="http://127.0.0.1:8000/")

RESULTS = {  # ProcReturnCode → (Response, mdStatus, ErrMsg)
    "00": ("Approved", "1", ""),
    "05": ("Declined", "1", "Do not honour"),
    "51": ("Declined", "1", "Insufficient funds"),
    "99": ("Error", "0", "3-D Secure authentication failed"),
}


def place(cart: Cart, method: str = "card") -> list[Order]:
    """The buyer chose `method`, saw the recap and confirmed."""
    fill_details(cart, payment_method=method)
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=checkout_prepare(cart=cart).fingerprint)


def start(orders: list[Order], language: str = "fr") -> CardForm:
    return card_attempt_start(checkout_group=orders[0].checkout_group, language=language, urls=URLS)


def callback(form: CardForm, code: str = "00", *, country: str = "MA", card: str = "411111***1111",
             key: str | None = None, **changes) -> dict[str, str]:
    """The gateway's signed callback for `form` with ProcReturnCode `code`; `changes` alter fields before signing."""
    response, md_status, error = RESULTS[code]
    fields = {name: value for name, value in form.fields.items() if name != "HASH"}
    fields.update({
        "ProcReturnCode": code, "Response": response, "mdStatus": md_status, "ErrMsg": error,
        "TransId": f"T{form.fields['oid'][-8:]}{code}", "AuthCode": "123456" if code == "00" else "",
        "maskedCreditCard": card, "EXTRA.CARDISSUERCOUNTRY": country, "EXTRA.TRXDATE": "20261125 10:15:00",
    })
    fields.update(changes)
    fields["HASH"] = ver3_hash(fields, settings.TIJARA_CMI_STORE_KEY if key is None else key)
    return fields


def total(orders: list[Order]) -> Decimal:
    return sum((o.total for o in orders), Decimal("0.00"))
