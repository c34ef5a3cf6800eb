"""The recap: one block per merchant with lines, VAT by rate, shipping and total [CP-RECAP],
prices TTC [CP-PRICE-TTC] and VAT computed per rate [TAX-VAT-SHOWN].

Pure computation over rows already loaded, so the cart page, the recap page, the API and the
confirmation (over locked rows) compute the very same figures, and its fingerprint tells whether
what the customer saw is still true.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tijara.cart.errors import NotPurchasable, OutOfStock
from tijara.catalog.models import Product, Variant
from tijara.checkout import errors
from tijara.checkout.models import CheckoutDetails
from tijara.core.errors import DomainError
from tijara.core.money import split_ttc, to_money
from tijara.core.vat import RateInForce
from tijara.merchants.models import Merchant, MerchantStatus
from tijara.shipping.models import ShippingMethod
from tijara.shipping.selectors import ShippingOption, shipping_fee

ZERO = Decimal("0.00")
SHIPPING_VAT_CLASS = "standard"


@dataclass
class RecapLine:
    line_id: int
    variant: Variant
    product: Product
    quantity: int
    unit_price: Decimal
    price_seen: Decimal
    line_total: Decimal
    vat_rate: Decimal
    vat_exempt: bool
    vat_amount: Decimal
    problem: DomainError | None = None

    @property
    def price_changed(self) -> bool:
        return self.price_seen != self.unit_price


@dataclass
class VatRow:
    rate: Decimal
    exempt: bool
    base: Decimal
    vat: Decimal


@dataclass
class MerchantRecap:
    merchant: Merchant
    lines: list[RecapLine]
    subtotal: Decimal
    options: list[ShippingOption]
    shipping: ShippingOption | None
    total: Decimal
    vat_rows: list[VatRow]
    problems: list[DomainError] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass
class Recap:
    groups: list[MerchantRecap]
    details: CheckoutDetails | None
    total: Decimal
    fingerprint: str
    problems: list[DomainError]

    @property
    def item_count(self) -> int:
        return sum(g.item_count for g in self.groups)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def any_price_changed(self) -> bool:
        return any(line.price_changed for g in self.groups for line in g.lines)


def _line(line_id: int, variant: Variant, quantity: int, price_seen: Decimal, rate: RateInForce) -> RecapLine:
    product = variant.product
    merchant = product.merchant
    unit_price = to_money(variant.price)
    total = to_money(unit_price * quantity)
    split = split_ttc(total, rate.rate, rate.exempt)
    problem: DomainError | None = None
    name = product.tr("name")
    if merchant.status != MerchantStatus.VALIDATED:
        problem = NotPurchasable(
            _("%(store)s is not selling at the moment; remove %(product)s from your cart.")
            % {"store": merchant.store_name, "product": name}, "variant_id")
    elif not product.is_published:
        problem = NotPurchasable(
            _("%(product)s is no longer sold; remove it from your cart.") % {"product": name}, "variant_id")
    elif quantity > variant.stock:
        if variant.stock <= 0:
            message = _("%(product)s is out of stock.") % {"product": name}
        else:
            message = _("Only %(stock)s left of %(product)s; lower the quantity.") % {
                "stock": variant.stock, "product": name}
        problem = OutOfStock(message, "quantity")
    return RecapLine(
        line_id=line_id, variant=variant, product=product, quantity=quantity, unit_price=unit_price,
        price_seen=to_money(price_seen), line_total=total, vat_rate=rate.rate, vat_exempt=rate.exempt,
        vat_amount=split.vat, problem=problem,
    )


def recap_build(
    *,
    items: Iterable[tuple[int, Variant, int, Decimal]],
    details: CheckoutDetails | None,
    methods_by_merchant: dict[int, list[ShippingMethod]],
    rate_for: Callable[[str], RateInForce],
) -> Recap:
    """`items` = (line id, variant with product and merchant loaded, quantity, price seen)."""
    grouped: dict[int, list[RecapLine]] = {}
    merchants: dict[int, Merchant] = {}
    for line_id, variant, quantity, price_seen in items:
        merchant = variant.product.merchant
        merchants[merchant.pk] = merchant
        grouped.setdefault(merchant.pk, []).append(
            _line(line_id, variant, quantity, price_seen, rate_for(variant.product.vat_class))
        )
    groups: list[MerchantRecap] = []
    problems: list[DomainError] = []
    shipping_rate = rate_for(SHIPPING_VAT_CLASS) if grouped else None
    for merchant_id in sorted(grouped, key=lambda pk: merchants[pk].store_name.lower()):
        merchant, lines = merchants[merchant_id], grouped[merchant_id]
        subtotal = to_money(sum((line.line_total for line in lines), ZERO))
        options = [
            shipping_fee(m, city_id=details.city_id if details else None,
                         region_id=details.region_id if details else None, subtotal=subtotal)
            for m in methods_by_merchant.get(merchant_id, []) if m.is_active
        ]
        group_problems = [line.problem for line in lines if line.problem]
        chosen: ShippingOption | None = None
        if not options:
            group_problems.append(errors.NoShippingMethod(
                _("%(store)s has not set up delivery yet, so its items cannot be ordered; remove them from "
                  "your cart.") % {"store": merchant.store_name}, "shipping"))
        elif details is not None:
            wanted = details.shipping_choices.get(str(merchant_id))
            chosen = next((o for o in options if o.method.pk == wanted), None)
            if chosen is None:
                group_problems.append(errors.DetailsMissing(
                    _("Choose a delivery method for %(store)s.") % {"store": merchant.store_name},
                    f"shipping.{merchant_id}"))
        fee = chosen.fee if chosen else ZERO
        vat_rows = _vat_rows(lines, fee, shipping_rate)
        groups.append(MerchantRecap(
            merchant=merchant, lines=lines, subtotal=subtotal, options=options, shipping=chosen,
            total=to_money(subtotal + fee), vat_rows=vat_rows, problems=group_problems,
        ))
        problems.extend(group_problems)
    total = to_money(sum((g.total for g in groups), ZERO))
    return Recap(groups=groups, details=details, total=total, fingerprint=_fingerprint(groups, details),
                 problems=problems)


def _vat_rows(lines: list[RecapLine], shipping: Decimal, shipping_rate: RateInForce | None) -> list[VatRow]:
    """VAT by rate, computed on each rate's total (not summed per line) so HT + VAT equals TTC."""
    sums: dict[tuple[Decimal, bool], Decimal] = {}
    for line in lines:
        key = (line.vat_rate, line.vat_exempt)
        sums[key] = sums.get(key, ZERO) + line.line_total
    if shipping and shipping_rate is not None:
        key = (shipping_rate.rate, shipping_rate.exempt)
        sums[key] = sums.get(key, ZERO) + shipping
    rows = []
    for (rate, exempt), ttc in sorted(sums.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        split = split_ttc(ttc, rate, exempt)
        rows.append(VatRow(rate=rate, exempt=exempt, base=split.ht, vat=split.vat))
    return rows


def _fingerprint(groups: list[MerchantRecap], details: CheckoutDetails | None) -> str:
    """Hash of everything the customer agrees to: lines, prices, VAT, shipping, totals, address."""
    payload = {
        "customer": None if details is None else [
            details.full_name, details.phone, details.email, details.address_line, details.city_id,
            details.region_id, details.payment_method, *([details.buyer_ice] if details.buyer_ice else []),
        ],
        "groups": [
            {
                "merchant": g.merchant.pk,
                "lines": [[ln.variant.pk, ln.quantity, str(ln.unit_price), str(ln.vat_rate)] for ln in g.lines],
                "shipping": [g.shipping.method.pk, str(g.shipping.fee)] if g.shipping else None,
                "total": str(g.total),
            }
            for g in groups
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
