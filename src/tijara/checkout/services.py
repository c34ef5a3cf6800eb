"""Checkout writes: save the customer's details, show the recap, confirm.

`checkout_confirm` is the one binding step [EC-CONFIRM] (law 53-05: the contract is formed when the
customer confirms the recap they could correct): one transaction locks the cart and the variants (pk
order), re-reads every price, checks the recap the customer saw is still true, takes the stock
(`catalog.stock`), hands the plan to `orders.services.orders_place` and creates the payments, and
records the idempotency key. Either every order is placed or none is.
"""

from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tijara.cart import locks as cart_locks
from tijara.cart.errors import EmptyCart, OutOfStock
from tijara.cart.models import Cart, CartLine
from tijara.cart.selectors import cart_lines
from tijara.catalog import locks as catalog_locks
from tijara.catalog import stock
from tijara.checkout import errors, selectors
from tijara.checkout.models import CheckoutDetails, IdempotencyKey
from tijara.checkout.recap import MerchantRecap, Recap
from tijara.checkout.validators import normalize_email
from tijara.core.errors import NotFound
from tijara.core.models import City, Region
from tijara.core.phone import normalize_phone
from tijara.invoicing.services import invoices_issue
from tijara.merchants.validators import identifier_compact, validate_ice
from tijara.orders.models import Order
from tijara.orders.selectors import orders_by_numbers
from tijara.orders.services import LinePlan, OrderCustomer, OrderPlan, orders_place
from tijara.payments.providers import UnknownPaymentMethod, available_provider
from tijara.payments.services import payments_create
from tijara.shipping.models import ShippingMethod
from tijara.shipping.selectors import shipping_methods_by_merchant


def _details_validated(
    *, full_name: str, phone: str, email: str, address_line: str, city_id: object, region_code: object,
    payment_method: str, buyer_ice: str = "",
) -> dict:
    """The customer's input, normalised, or a CheckoutError with the field at fault (1 query: city and region)."""
    full_name, address_line = (full_name or "").strip(), (address_line or "").strip()
    if not 2 <= len(full_name) <= 150:
        raise errors.CheckoutError(_("Enter your first and last name."), "full_name")
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        raise errors.CheckoutError(exc.messages[0], "phone") from None
    try:
        email = normalize_email(email)
    except ValidationError as exc:
        raise errors.CheckoutError(exc.messages[0], "email") from None
    if not 5 <= len(address_line) <= 255:
        raise errors.CheckoutError(_("Enter the delivery address (street, number, district)."), "address_line")
    city = City.objects.select_related("region").filter(pk=_int(city_id)).first() if _int(city_id) else None
    if city is None:
        raise errors.CheckoutError(_("Choose the delivery city."), "city")
    region_pk = _int(region_code)
    region = city.region if region_pk == city.region_id else (
        Region.objects.filter(pk=region_pk).first() if region_pk else None)
    if region is None:
        raise errors.CheckoutError(_("Choose the delivery region."), "region")
    if city.region_id != region.pk:
        raise errors.CheckoutError(
            _("%(city)s is not in the region %(region)s.") % {"city": city.tr("name"), "region": region.tr("name")},
            "region")
    try:
        available_provider(payment_method)  # card only while the gateway is configured
    except UnknownPaymentMethod:
        raise errors.CheckoutError(_("Choose a payment method."), "payment_method") from None
    return dict(full_name=full_name, phone=phone, email=email, address_line=address_line, city=city, region=region,
                payment_method=payment_method, buyer_ice=_buyer_ice(buyer_ice))


def _buyer_ice(raw: str) -> str:
    """A business buyer's ICE for the invoice [TAX-INVOICE]: optional, 15 digits with a valid key when given."""
    value = identifier_compact(raw or "")
    if value:
        try:
            validate_ice(value)
        except ValidationError as exc:
            raise errors.CheckoutError(exc.messages[0], "buyer_ice") from None
    return value


def _shipping_choices(valid: set[tuple[int, int]], merchant_ids: set[int],
                      shipping_choices: dict[str, object]) -> dict[str, int]:
    """{"<merchant_id>": method_id} among the active methods `valid` = {(merchant_id, method_id)}."""
    choices: dict[str, int] = {}
    for merchant_id in merchant_ids:
        method_id = _int(shipping_choices.get(str(merchant_id), shipping_choices.get(merchant_id)))
        if (merchant_id, method_id) in valid:
            choices[str(merchant_id)] = method_id
        elif any(m == merchant_id for m, _pk in valid):
            raise errors.CheckoutError(_("Choose a delivery method for each store."), f"shipping.{merchant_id}")
    return choices


def checkout_details_save(
    *, cart: Cart, full_name: str, phone: str, email: str, address_line: str, city_id: object,
    region_code: object, payment_method: str, shipping_choices: dict[str, object], language: str = "fr",
    buyer_ice: str = "",
) -> CheckoutDetails:
    """Validate and store what the customer typed; refuses bad input with the field at fault."""
    fields = _details_validated(full_name=full_name, phone=phone, email=email, address_line=address_line,
                                city_id=city_id, region_code=region_code, payment_method=payment_method,
                                buyer_ice=buyer_ice)
    merchant_ids = set(CartLine.objects.filter(cart_id=cart.pk).values_list("merchant_id", flat=True))
    if not merchant_ids:
        raise EmptyCart(_("Your cart is empty."), "cart")
    valid = set(ShippingMethod.objects.filter(merchant_id__in=merchant_ids, is_active=True)
                .values_list("merchant_id", "pk"))
    choices = _shipping_choices(valid, merchant_ids, shipping_choices)
    details, _created = CheckoutDetails.objects.update_or_create(
        cart=cart, defaults=dict(fields, shipping_choices=choices, language=language[:5]),
    )
    return details


def checkout_submit(
    *, cart: Cart, full_name: str, phone: str, email: str, address_line: str, city_id: object,
    region_code: object, payment_method: str, shipping_choices: dict[str, object], language: str = "fr",
    buyer_ice: str = "",
) -> Recap:
    """`checkout_details_save` then `checkout_prepare` in one go (the API's checkout step).

    Same rules and errors; the cart lines and shipping methods are read once, and the details are stored
    together with the fingerprint of the recap they produce (one upsert).
    """
    fields = _details_validated(full_name=full_name, phone=phone, email=email, address_line=address_line,
                                city_id=city_id, region_code=region_code, payment_method=payment_method,
                                buyer_ice=buyer_ice)
    lines = cart_lines(cart)
    if not lines:
        raise EmptyCart(_("Your cart is empty."), "cart")
    merchant_ids = {ln.merchant_id for ln in lines}
    methods = shipping_methods_by_merchant(merchant_ids)
    valid = {(m.merchant_id, m.pk) for group in methods.values() for m in group if m.is_active}
    choices = _shipping_choices(valid, merchant_ids, shipping_choices)
    details = CheckoutDetails(cart=cart, **fields, shipping_choices=choices, language=language[:5])
    recap = selectors.recap_of_lines(lines, details, methods_by_merchant=methods)
    details.recap_fingerprint = recap.fingerprint
    CheckoutDetails.objects.bulk_create(
        [details], update_conflicts=True, unique_fields=["cart"],
        update_fields=["full_name", "phone", "email", "address_line", "city", "region", "payment_method",
                       "buyer_ice", "shipping_choices", "recap_fingerprint", "language", "updated_at"],
    )
    return recap


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def checkout_prepare(*, cart: Cart) -> Recap:
    """Build the recap the customer is about to see and remember its fingerprint (what they agree to)."""
    recap = selectors.cart_recap(cart)
    if recap.is_empty:
        raise EmptyCart(_("Your cart is empty."), "cart")
    if recap.details is None:
        raise errors.DetailsMissing(_("Enter your delivery details first."), "details")
    if recap.details.recap_fingerprint != recap.fingerprint:
        CheckoutDetails.objects.filter(pk=recap.details.pk).update(recap_fingerprint=recap.fingerprint)
        recap.details.recap_fingerprint = recap.fingerprint
    return recap


def checkout_confirm(
    *, cart: Cart, idempotency_key: str, fingerprint: str | None = None, expected_total: Decimal | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> list[Order]:
    """Place one order per merchant, all or nothing. Same key again → the same orders, nothing new."""
    key = (idempotency_key or "").strip()
    if not 8 <= len(key) <= 100:
        raise errors.CheckoutError(_("The confirmation is missing its idempotency key; reload the recap."),
                                   "idempotency_key")
    try:
        with transaction.atomic():
            # A key seen before (a retry, or a concurrent twin that waits here until the first commits)
            # fails this INSERT on its unique index and answers with the first confirmation's orders.
            IdempotencyKey.objects.create(key=key, cart_token=cart.token)
            return _confirm_locked(cart=cart, key=key, fingerprint=fingerprint, expected_total=expected_total,
                                   user=user)
    except IntegrityError:
        done = _orders_for_key(key, cart)
        if done is not None:
            return done
        raise


def _orders_for_key(key: str, cart: Cart) -> list[Order] | None:
    record = IdempotencyKey.objects.filter(key=key).first()
    if record is None:
        return None
    if record.cart_token != cart.token:
        raise errors.IdempotencyConflict(_("This confirmation key belongs to another cart."), "idempotency_key")
    return orders_by_numbers(record.order_numbers)


def _confirm_locked(*, cart: Cart, key: str, fingerprint: str | None, expected_total: Decimal | None,
                    user: AbstractBaseUser | AnonymousUser | None) -> list[Order]:
    locked = cart_locks.cart_for_update(cart.pk, with_details=True)
    if locked is None:
        raise NotFound(_("This cart does not exist."), "cart")
    lines = list(CartLine.objects.filter(cart_id=cart.pk).order_by("merchant_id", "pk"))
    if not lines:
        raise EmptyCart(_("Your cart is empty."), "cart")
    details = getattr(locked, "checkout", None)
    if details is None:
        raise errors.DetailsMissing(_("Enter your delivery details first."), "details")
    variants = catalog_locks.variants_for_update((ln.variant_id for ln in lines), with_product=True)
    for line in lines:
        line.variant = variants[line.variant_id]  # the locked, current row: prices are re-read here
    recap = selectors.recap_of_lines(lines, details)
    if recap.problems:
        raise recap.problems[0]
    expected = fingerprint or details.recap_fingerprint
    if recap.fingerprint != expected or (expected_total is not None and expected_total != recap.total):
        raise errors.PriceChanged(
            _("Prices or delivery fees changed since you saw the recap. Check the new recap, then confirm."),
            recap)
    _stock_take(recap)
    orders = orders_place(plans=[_order_plan(g) for g in recap.groups], customer=_customer(details, user),
                          fingerprint=recap.fingerprint)
    invoices_issue(orders=orders)  # one per order, in each store's gap-free series [TAX-INVOICE]
    payments_create(orders=orders, provider_code=details.payment_method)
    IdempotencyKey.objects.filter(key=key).update(order_numbers=[o.number for o in orders])
    CartLine.objects.filter(cart_id=cart.pk).delete()
    CheckoutDetails.objects.filter(pk=details.pk).update(recap_fingerprint="")
    return orders


def _stock_take(recap: Recap) -> None:
    """Take the recap's units; a variant that lacks them is named to the customer."""
    lines = [line for group in recap.groups for line in group.lines]
    try:
        stock.stock_take(stock.quantities_by_variant((ln.variant.pk, ln.quantity) for ln in lines))
    except stock.InsufficientStock as short:
        name = next(ln.product.tr("name") for ln in lines if ln.variant.pk == short.variant_id)
        raise OutOfStock(_("%(product)s is out of stock.") % {"product": name}, "quantity") from None


def _customer(details: CheckoutDetails, user: AbstractBaseUser | AnonymousUser | None) -> OrderCustomer:
    return OrderCustomer(
        full_name=details.full_name, email=details.email, phone=details.phone, address_line=details.address_line,
        city_id=details.city_id, region_id=details.region_id, language=details.language,
        payment_method=details.payment_method, user=user, buyer_ice=details.buyer_ice,
    )


def _order_plan(group: MerchantRecap) -> OrderPlan:
    shipping = group.shipping
    assert shipping is not None  # recap problems were raised before
    method = shipping.method
    return OrderPlan(
        merchant=group.merchant, shipping_method_id=method.pk, shipping_name=method.tr("name"),
        shipping_kind=method.kind, shipping_fee=shipping.fee, delivery_days_min=method.delivery_days_min,
        delivery_days_max=method.delivery_days_max, subtotal=group.subtotal, total=group.total,
        vat_breakdown=[{"rate": str(r.rate), "exempt": r.exempt, "base": str(r.base), "vat": str(r.vat)}
                       for r in group.vat_rows],
        lines=[
            LinePlan(variant_id=ln.variant.pk, product_name=ln.product.tr("name"), sku=ln.variant.sku,
                     options_label=ln.variant.options_label, quantity=ln.quantity, unit_price=ln.unit_price,
                     line_total=ln.line_total, vat_rate=ln.vat_rate, vat_exempt=ln.vat_exempt,
                     vat_amount=ln.vat_amount)
            for ln in group.lines
        ],
    )
