"""Schemas of the checkout API (carts, checkout, confirmation, order status), with their OpenAPI examples."""

from ninja import Field, Schema

from tijara.api.checkout_payments import PaymentFormOut
from tijara.api.schemas import ErrorOut

TOKEN_EXAMPLE = "6f1c2a9e-3b7d-4c55-9a43-2f0e8d1b7c10"


class CartTokenOut(Schema):
    token: str = Field(examples=[TOKEN_EXAMPLE])


class LineIn(Schema):
    variant_id: int = Field(examples=[41])
    quantity: int = Field(1, ge=1, le=999, examples=[2], description="at least 1, at most the stock (and 999)")

    model_config = {"json_schema_extra": {"examples": [{"variant_id": 41, "quantity": 2}]}}


class QuantityIn(Schema):
    quantity: int = Field(ge=1, le=999, examples=[1])


class StoreIdentityOut(Schema):
    id: int
    slug: str
    name: str
    legal_name: str
    ice: str
    address: str
    phone: str


class CartLineOut(Schema):
    id: int
    variant_id: int
    sku: str
    product: str
    options: str
    quantity: int
    unit_price: str = Field(examples=["120.00"], description="MAD TTC, re-read now")
    price_when_added: str
    line_total: str
    vat_rate: str
    problem: str | None = None


class ShippingOptionOut(Schema):
    method_id: int
    kind: str = Field(examples=["home"])
    name: str
    fee: str = Field(examples=["20.00"], description="MAD TTC for the chosen city (base fee before checkout)")
    free: bool
    free_above: str | None
    delivery_days_min: int
    delivery_days_max: int


class VatRowOut(Schema):
    rate: str = Field(examples=["20.00"])
    exempt: bool
    base: str
    vat: str


class StoreGroupOut(Schema):
    store: StoreIdentityOut
    lines: list[CartLineOut]
    subtotal: str
    shipping_options: list[ShippingOptionOut]
    shipping: ShippingOptionOut | None
    vat: list[VatRowOut]
    total: str
    problems: list[str]


class CartOut(Schema):
    token: str
    stores: list[StoreGroupOut]
    item_count: int
    total: str = Field(description="MAD TTC; includes delivery once chosen at checkout")


# The details' rules, as `tijara.core.phone` and the checkout service apply them [SEC-API-OPENAPI]: written into
# the document only (json_schema_extra), so the service still refuses a body breaking them with its 400 in the
# visitor's language and the field at fault. A Moroccan fixed line or mobile: separators (spaces, dots, dashes,
# slashes, brackets) anywhere, Eastern Arabic digits too.
_SEP = r"[\s.\-/()]*"
_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"


def _d(digit: str) -> str:
    return f"[{digit}{chr(0x660 + int(digit))}{chr(0x6F0 + int(digit))}]"


PHONE_PATTERN = (f"^{_SEP}(?:{_d('0')}|(?:\\+{_SEP}|{_d('0')}{_SEP}{_d('0')}{_SEP})?{_d('2')}{_SEP}{_d('1')}{_SEP}"
                 f"{_d('2')}(?:{_SEP}{_d('0')})?){_SEP}[5-7\u0665-\u0667\u06f5-\u06f7](?:{_SEP}{_DIGIT}){{8}}{_SEP}$")
# 5 to 255 characters once trimmed.
ADDRESS_PATTERN = r"^\s*\S[\s\S]{3,253}\S\s*$"


class CustomerIn(Schema):
    full_name: str = Field(min_length=2, max_length=150, pattern=r"^\s*\S[\s\S]*\S\s*$", examples=["Salma Bennani"])
    phone: str = Field(examples=["06 12 34 56 78"], description="06/07/05…, +212… or 00212…; stored as +212XXXXXXXXX",
                       json_schema_extra={"pattern": PHONE_PATTERN})
    email: str = Field(examples=["salma@example.ma"], json_schema_extra={"format": "email", "maxLength": 254})
    ice: str = Field("", max_length=25, examples=[""],
                     description="optional: a company buyer's ICE (15 digits, valid key), printed on the invoice")


class AddressIn(Schema):
    line: str = Field(examples=["12 Rue Ibn Batouta, Maârif"], description="5 to 255 characters once trimmed",
                      json_schema_extra={"pattern": ADDRESS_PATTERN})
    city_id: int = Field(ge=1, le=2**31 - 1, examples=[1],
                         description="a city of the storefront's list; an id naming no city answers 422")
    region_code: int = Field(ge=1, le=12, examples=[6],
                             description="1-12 (decree 2-15-40), the region of the city (422 when not)")


CHECKOUT_EXAMPLE = {
    "customer": {"full_name": "Salma Bennani", "phone": "0612345678", "email": "salma@example.ma"},
    "address": {"line": "12 Rue Ibn Batouta, Maârif", "city_id": 1, "region_code": 6},
    "shipping": {"3": 5, "7": 13},
    "payment_method": "cod",
}


class CheckoutIn(Schema):
    customer: CustomerIn
    address: AddressIn
    shipping: dict[str, int] = Field(
        default_factory=dict, examples=[{"3": 5, "7": 13}], description="store id → shipping method id")
    payment_method: str = Field("cod", examples=["cod"], description="cod | card | transfer (card when the card "
                                                                      "gateway is configured, else 422)",
                                json_schema_extra={"enum": ["cod", "card", "transfer"]})

    model_config = {"json_schema_extra": {"examples": [CHECKOUT_EXAMPLE]}}


class AddressOut(Schema):
    full_name: str
    phone: str
    email: str
    line: str
    city: str
    region: str
    region_code: int


class RecapOut(Schema):
    fingerprint: str = Field(description="send back to /confirm to bind exactly this recap")
    stores: list[StoreGroupOut]
    total: str
    delivery_address: AddressOut
    payment_method: str
    buyer_ice: str = Field(description="the company ICE the invoices will carry, empty for a private buyer")
    withdrawal: str
    price_changed: bool


class ConfirmIn(Schema):
    fingerprint: str | None = Field(None, description="the recap's fingerprint (default: the last recap shown)")


class OrderLineOut(Schema):
    product: str
    sku: str
    quantity: int
    unit_price: str
    line_total: str


class OrderOut(Schema):
    number: str = Field(examples=["ARG-000001"])
    store: str
    status: str = Field(examples=["placed"])
    status_label: str
    total: str = Field(examples=["260.00"])
    shipping_fee: str
    payment_method: str
    deliver_by: str
    created_at: str
    lines: list[OrderLineOut]
    withdrawal: str = Field(description="the withdrawal conditions of this order, as its page and documents say them")
    withdrawal_days: int | None = Field(None, description="7 or 30 once settled (law 31-08 art. 36); null while "
                                        "the written confirmation is not sent and the goods not delivered")
    confirmation_sent_at: str | None = Field(None, description="when the durable confirmation was e-mailed")


class OrdersOut(Schema):
    orders: list[OrderOut]
    payment: PaymentFormOut | None = Field(None, description="card only: the form the buyer posts to the gateway")

    model_config = {"json_schema_extra": {"examples": [{"orders": [
        {"number": "ARG-000001", "store": "Argania", "status": "placed", "status_label": "Placed",
         "total": "260.00", "shipping_fee": "20.00", "payment_method": "cod", "deliver_by": "2025-06-14",
         "created_at": "2025-06-09T10:12:00+01:00",
         "lines": [{"product": "Huile d'argan", "sku": "ARG-1", "quantity": 2, "unit_price": "120.00",
                    "line_total": "240.00"}]}]}]}}


class RecapChangedOut(ErrorOut):
    recap: RecapOut


# --- Helpers ------------------------------------------------------------------------------------

