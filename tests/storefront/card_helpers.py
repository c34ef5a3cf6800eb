"""Card checkouts for the tests of the payment pages and endpoints: a two-store basket confirmed with the card
method, the signed form a pay page would post, and the callback the gateway would send back (signed with the
test store key, as the simulator signs it)."""

import uuid

import pytest
from django.conf import settings

from tests.checkout.helpers import fill_details, new_key
from tests.factories import make_merchant, make_product
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.orders.models import Order
from tijara.payments import services as payment_services
from tijara.payments.cmi import ver3_hash

URLS = dict(ok_url="http://testserver/fr/ok/", fail_url="http://testserver/fr/fail/",
            callback_url="http://testserver/payments/cmi/callback/", shop_url="http://testserver/fr/")


def card_checkout(shop, *, method: str = "card", cart=None) -> list[Order]:
    """Two stores' basket (2 x 120 MAD oil, 3 x 80 MAD tiles) confirmed with `method`."""
    if cart is None:
        cart = cart_create()
        cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=2)
        cart_line_add(cart=cart, variant_id=shop["tile"].pk, quantity=3)
    fill_details(cart, payment_method=method)
    recap = checkout_prepare(cart=cart)
    return checkout_confirm(cart=cart, idempotency_key=new_key(), fingerprint=recap.fingerprint)


def start_attempt(group: uuid.UUID, language: str = "fr"):
    return payment_services.card_attempt_start(checkout_group=group, language=language,
                                               urls=payment_services.CardUrls(**URLS))


def gateway_callback(form_fields: dict[str, str], *, code: str = "00", country: str = "MA",
                     store_key: str | None = None, **changes: str) -> dict[str, str]:
    """What the gateway posts back for a form: its fields (HASH and encoding aside), the outcome, a new HASH."""
    fields = {k: v for k, v in form_fields.items() if k not in ("HASH", "encoding")}
    approved = code == "00"
    fields.update({
        "ProcReturnCode": code, "Response": "Approved" if approved else "Declined",
        "mdStatus": "1", "TransId": "25001" + fields["oid"][-6:], "AuthCode": "P12345" if approved else "",
        "ErrMsg": "" if approved else "Not sufficient funds", "maskedCreditCard": "411111***1111",
        "EXTRA.CARDISSUERCOUNTRY": country, "EXTRA.TRXDATE": "20250609 10:12:00",
    })
    fields.update(changes)
    fields["HASH"] = ver3_hash(fields, store_key or settings.TIJARA_CMI_STORE_KEY)
    return fields


def post_callback(client, fields: dict[str, str]):
    return client.post("/payments/cmi/callback/", fields)


@pytest.fixture
def card_shop(db):
    """Two validated stores with delivery methods, one product each (stock 10): Argania (oil 120 MAD) and
    Zellige Fès (tiles 80 MAD)."""
    argan = make_merchant(name="Argania", slug="argania")
    zellige = make_merchant(name="Zellige Fès", slug="zellige-fes", region_code=3)
    oil = make_product(argan, fr="Huile d'argan", ar="زيت أركان", prices=("120.00",), stock=10, slug="huile-argan")
    tile = make_product(zellige, fr="Carreau de zellige", ar="زليج", prices=("80.00",), stock=10, slug="carreau",
                        vat_class="reduced_10")
    return {"argan": argan, "zellige": zellige, "oil": oil.variants.get(), "tile": tile.variants.get()}
