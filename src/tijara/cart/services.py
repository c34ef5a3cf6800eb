"""Cart writes. Checks here are for the shopper's comfort; confirmation re-checks everything under locks."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.cart.errors import CartError, NotPurchasable, OutOfStock
from tijara.cart.models import Cart, CartLine
from tijara.catalog.models import Variant
from tijara.core.errors import NotFound
from tijara.merchants.models import MerchantStatus

MAX_QUANTITY = 999


def cart_create(*, user: AbstractBaseUser | None = None) -> Cart:
    return Cart.objects.create(user=user if user is not None and user.is_authenticated else None)


def _check_quantity(quantity: object) -> int:
    try:
        value = int(quantity)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise CartError(_("Enter a whole number of items."), "quantity") from None
    if value < 1:
        raise CartError(_("The quantity must be at least 1."), "quantity")
    if value > MAX_QUANTITY:
        raise CartError(_("The quantity cannot exceed %(max)s.") % {"max": MAX_QUANTITY}, "quantity")
    return value


def _purchasable_variant(variant_id: object, known: dict[int, Variant] | None = None) -> Variant:
    try:
        pk = int(variant_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotFound(_("This product option does not exist."), "variant_id") from None
    variant = (known or {}).get(pk) or (
        Variant.objects.select_related("product__merchant__city").filter(pk=pk).first())
    if variant is None:
        raise NotFound(_("This product option does not exist."), "variant_id")
    if variant.product.merchant.status != MerchantStatus.VALIDATED or not variant.product.is_published:
        raise NotPurchasable(_("This product is not for sale at the moment."), "variant_id")
    return variant


def _check_stock(variant: Variant, quantity: int) -> None:
    if quantity > variant.stock:
        if variant.stock <= 0:
            raise OutOfStock(_("This product is out of stock."), "quantity")
        raise OutOfStock(_("Only %(stock)s left in stock.") % {"stock": variant.stock}, "quantity")


def cart_line_add(*, cart: Cart, variant_id: object, quantity: object = 1,
                  lines: list[CartLine] | None = None) -> CartLine:
    """Add `quantity` of a variant (added to the line if the variant is already in the cart).

    `lines`: the cart's lines as `cart.selectors.cart_lines` read them, if the caller has them; they are
    used instead of reading the line again and updated in place, so the caller can show the cart without
    reading it again.
    """
    quantity = _check_quantity(quantity)
    known = None if lines is None else {ln.variant_id: ln for ln in lines}
    variant = _purchasable_variant(variant_id, None if known is None else {v: ln.variant for v, ln in known.items()})
    with transaction.atomic():
        if known is None:
            line = CartLine.objects.filter(cart_id=cart.pk, variant_id=variant.pk).first()
        else:
            line = known.get(variant.pk)
        wanted = quantity + (line.quantity if line else 0)
        _check_stock(variant, wanted)
        if line is None:
            line = CartLine.objects.create(
                cart=cart, merchant_id=variant.merchant_id, variant=variant, quantity=wanted, price_seen=variant.price
            )
            if lines is not None:
                lines.append(line)
                lines.sort(key=lambda ln: (ln.merchant_id, ln.pk))
        else:
            line.quantity, line.price_seen = wanted, variant.price
            line.save(update_fields=["quantity", "price_seen"])
        Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return line


def _line_of(cart: Cart, line_id: object) -> CartLine:
    try:
        pk = int(line_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotFound(_("This line is not in your cart."), "line_id") from None
    line = CartLine.objects.select_related("variant__product__merchant").filter(cart_id=cart.pk, pk=pk).first()
    if line is None:
        raise NotFound(_("This line is not in your cart."), "line_id")
    return line


def cart_line_set_quantity(*, cart: Cart, line_id: object, quantity: object) -> CartLine:
    quantity = _check_quantity(quantity)
    line = _line_of(cart, line_id)
    _check_stock(line.variant, quantity)
    line.quantity, line.price_seen = quantity, line.variant.price
    line.save(update_fields=["quantity", "price_seen"])
    return line


def cart_line_remove(*, cart: Cart, line_id: object) -> None:
    _line_of(cart, line_id).delete()


def cart_merge(*, source: Cart, target: Cart) -> Cart:
    """Move a guest cart's lines into the account's cart on sign-in (same variant: quantities add up)."""
    if source.pk == target.pk:
        return target
    with transaction.atomic():
        existing = {ln.variant_id: ln for ln in CartLine.objects.filter(cart_id=target.pk)}
        for line in CartLine.objects.filter(cart_id=source.pk):
            if line.variant_id in existing:
                CartLine.objects.filter(pk=existing[line.variant_id].pk).update(
                    quantity=F("quantity") + line.quantity, price_seen=line.price_seen
                )
            else:
                CartLine.objects.filter(pk=line.pk).update(cart_id=target.pk)
        source.delete()
    return target


def cart_attach_on_sign_in(*, guest_cart: Cart | None, user: AbstractBaseUser) -> Cart | None:
    """The account keeps one cart: the guest cart becomes it, or is merged into the existing one."""
    from tijara.cart.selectors import cart_of_user

    own = cart_of_user(user)
    if guest_cart is None or guest_cart.user_id not in (None, user.pk):
        return own
    if own is None:
        guest_cart.user_id = user.pk
        guest_cart.save(update_fields=["user", "updated_at"])
        return guest_cart
    return cart_merge(source=guest_cart, target=own)
