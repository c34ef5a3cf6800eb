"""Order writes: placing the orders of a confirmed checkout, numbering, status moves, cancellation.

`orders_place` is the one place orders are born. It runs inside the caller's confirmation transaction
(which has already locked and taken the stock), so orders, lines, status history, numbers and the
acknowledgement job commit together or not at all.
"""

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tijara.catalog import stock
from tijara.core.counters import counter_create
from tijara.core.errors import DomainError
from tijara.legal.selectors import terms_current_numbers
from tijara.merchants.models import Merchant
from tijara.orders import locks
from tijara.orders.archiving import placements_archive
from tijara.orders.confirmation import order_confirmation_queue
from tijara.orders.emails import STATUS_EMAILS, order_acknowledgements_queue, order_status_email_queue
from tijara.orders.models import Order, OrderCounter, OrderLine, OrderStatus, OrderStatusChange
from tijara.shipping.rules import deliver_by

NUMBER_DIGITS = 6

# placed → confirmed (customer reached by phone) → shipped → delivered (cash collected) → completed.
TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PLACED: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED, OrderStatus.CANCELLED}),  # refused at the door
    OrderStatus.DELIVERED: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class OrderStateError(DomainError):
    code = "invalid_transition"
    status = 409


def _prefix_base(slug: str) -> str:
    letters = re.sub(r"[^A-Za-z0-9]", "", slug).upper()
    return (letters[:3] or "TIJ").ljust(3, "X")


def _counter_create(merchant: Merchant) -> None:
    """Insert the merchant's counter with the first free prefix (ARG, ARG2, …); a concurrent twin is ignored.

    INSERT … ON CONFLICT DO NOTHING: if another checkout creates the same merchant's counter, or takes
    the chosen prefix, at the same moment, nothing fails and nothing is rolled back; the caller advances
    the counter (or comes back here for the next free prefix).
    """
    base = _prefix_base(merchant.slug)
    taken = set(OrderCounter.objects.filter(prefix__startswith=base).values_list("prefix", flat=True))
    prefix = next(p for n in range(1, 10_000) if (p := base if n == 1 else f"{base}{n}") not in taken)
    counter_create(OrderCounter(merchant=merchant, prefix=prefix))


def order_numbers_take(*, merchants: Mapping[int, Merchant], counts: Mapping[int, int]) -> dict[int, list[tuple[int, str]]]:
    """Take the next `n` numbers of each merchant's counter, creating it on its first order.

    Must run inside the placing transaction: the counter rows stay locked (merchant pk order) until
    commit, so numbers follow each other with no gaps and a rolled-back checkout gives its numbers back.
    """
    taken: dict[int, list[tuple[int, str]]] = {}
    for merchant_id in sorted(counts):
        advanced = locks.counter_advance(merchant_id, counts[merchant_id])
        while advanced is None:  # the merchant's first order
            _counter_create(merchants[merchant_id])
            advanced = locks.counter_advance(merchant_id, counts[merchant_id])
        prefix, last = advanced
        first = last - counts[merchant_id] + 1
        taken[merchant_id] = [(n, f"{prefix}-{n:0{NUMBER_DIGITS}d}") for n in range(first, last + 1)]
    return taken


@dataclass(frozen=True)
class OrderCustomer:
    """Who ordered and where to deliver, as the checkout validated it."""

    full_name: str
    email: str
    phone: str
    address_line: str
    city_id: int
    region_id: int
    language: str
    payment_method: str
    user: AbstractBaseUser | AnonymousUser | None = None
    buyer_ice: str = ""  # a business buyer's ICE, printed on the invoice


@dataclass(frozen=True)
class LinePlan:
    """One line as the customer agreed to it: price and VAT are snapshots, later edits don't touch them."""

    variant_id: int
    product_name: str
    sku: str
    options_label: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    vat_rate: Decimal
    vat_exempt: bool
    vat_amount: Decimal


@dataclass(frozen=True)
class OrderPlan:
    """One merchant's order of a confirmed checkout (its merchant loaded with its city)."""

    merchant: Merchant
    shipping_method_id: int
    shipping_name: str
    shipping_kind: str
    shipping_fee: Decimal
    delivery_days_min: int
    delivery_days_max: int
    subtotal: Decimal
    total: Decimal
    vat_breakdown: list[dict]
    lines: list[LinePlan]


def orders_place(*, plans: list[OrderPlan], customer: OrderCustomer, fingerprint: str) -> list[Order]:
    """Write one order per plan, numbered, with lines, first status and acknowledgement job.

    Must run inside the caller's transaction (the checkout confirmation holds the stock it took).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("orders_place must run inside the confirmation transaction")
    user = customer.user if customer.user is not None and customer.user.is_authenticated else None
    merchants = {plan.merchant.pk: plan.merchant for plan in plans}
    numbers = order_numbers_take(merchants=merchants, counts={pk: 1 for pk in merchants})
    terms = terms_current_numbers(merchants)  # the terms version each order is placed under [CP-TERMS]
    group_id = uuid.uuid4()
    today = timezone.localdate()
    orders = Order.objects.bulk_create([
        _order_row(plan=plan, customer=customer, user=user, number=numbers[plan.merchant.pk][0], group_id=group_id,
                   today=today, fingerprint=fingerprint, terms_version=terms.get(plan.merchant.pk))
        for plan in plans
    ])
    order_lines = OrderLine.objects.bulk_create([
        OrderLine(merchant_id=order.merchant_id, order=order, variant_id=ln.variant_id, product_name=ln.product_name,
                  sku=ln.sku, options_label=ln.options_label[:200], quantity=ln.quantity, unit_price=ln.unit_price,
                  line_total=ln.line_total, vat_rate=ln.vat_rate, vat_exempt=ln.vat_exempt, vat_amount=ln.vat_amount)
        for order, plan in zip(orders, plans, strict=True) for ln in plan.lines
    ])
    for order in orders:  # the caller reads `order.lines.all()` without a query
        order._prefetched_objects_cache = {"lines": [ln for ln in order_lines if ln.order_id == order.pk]}
    OrderStatusChange.objects.bulk_create(
        OrderStatusChange(merchant_id=o.merchant_id, order=o, to_status=OrderStatus.PLACED, actor=user) for o in orders
    )
    placements_archive(orders)  # the signed contract, chained per merchant [EC-ARCHIVE]
    order_acknowledgements_queue([o.pk for o in orders])
    return orders


def _order_row(*, plan: OrderPlan, customer: OrderCustomer, user: AbstractBaseUser | None,
               number: tuple[int, str], group_id: uuid.UUID, today: dt.date, fingerprint: str,
               terms_version: int | None = None) -> Order:
    merchant = plan.merchant
    deadline = deliver_by(today, plan.delivery_days_max)
    return Order(
        merchant=merchant, sequence=number[0], number=number[1], checkout_group=group_id, user=user,
        full_name=customer.full_name, email=customer.email, phone=customer.phone,
        address_line=customer.address_line, city_id=customer.city_id, region_id=customer.region_id,
        language=customer.language, payment_method=customer.payment_method, buyer_ice=customer.buyer_ice,
        shipping_method_id_snapshot=plan.shipping_method_id, shipping_name=plan.shipping_name,
        shipping_kind=plan.shipping_kind, shipping_fee=plan.shipping_fee, delivery_days_min=plan.delivery_days_min,
        delivery_days_max=(deadline - today).days, deliver_by=deadline,
        subtotal=plan.subtotal, total=plan.total, vat_breakdown=plan.vat_breakdown,
        merchant_legal_name=merchant.legal_name, merchant_ice=merchant.ice,
        merchant_address=f"{merchant.address}, {merchant.city.tr('name')}"[:400],
        recap_fingerprint=fingerprint, terms_version=terms_version,
    )


def order_lines_stock_release(*, order: Order) -> None:
    """Give a cancelled order's units back (through `catalog.stock`, in variant-id order)."""
    stock.stock_release(stock.quantities_by_variant(
        order.lines.filter(cancelled_at__isnull=True).values_list("variant_id", "quantity")))  # cancelled lines gave theirs


def order_transition(*, order: Order, to_status: str, actor: AbstractBaseUser | None, reason: str = "",
                     release_stock: bool = True, carrier: str = "", tracking_number: str = "") -> Order:
    """Move an order along its status machine; cancelling needs a reason and gives the stock back
    (unless `release_stock=False`: a parcel refused at the door or returned gives it back at check-in).

    Its payment is not touched here: `payments.services.order_move` moves both, and is what pages call.
    Shipped and delivered orders e-mail the buyer after commit; `carrier` and `tracking_number` (from the layer
    that ships the parcel) go into the shipping e-mail.
    """
    reason = (reason or "").strip()[:255]
    if to_status not in OrderStatus.values:
        raise OrderStateError(_("Unknown order status."))
    with transaction.atomic():
        order = locks.order_for_update(order.pk)
        if to_status not in TRANSITIONS[order.status]:
            raise OrderStateError(
                _("Order %(number)s cannot go from “%(current)s” to “%(wanted)s”.") % {
                    "number": order.number, "current": OrderStatus(order.status).label,
                    "wanted": OrderStatus(to_status).label}
            )
        if to_status == OrderStatus.CANCELLED:
            if not reason:
                raise OrderStateError(_("Give a reason for cancelling the order."))
            if release_stock:
                order_lines_stock_release(order=order)
            order.cancel_reason = reason
        previous = order.status
        order.status = to_status
        fields = ["status", "cancel_reason", "updated_at"]
        if to_status == OrderStatus.DELIVERED:  # the withdrawal period runs from this day [CP-WITHDRAWAL-DEADLINE]
            order.delivered_at = timezone.now()
            fields.append("delivered_at")
        order.save(update_fields=fields)
        OrderStatusChange.objects.create(
            merchant_id=order.merchant_id, order=order, from_status=previous, to_status=to_status,
            actor=actor if actor is not None and actor.is_authenticated else None, note=reason,
        )
        # The durable confirmation goes when the merchant confirms, and at the latest when the order ships
        # [CP-CONFIRMATION]; the job records when it was actually sent.
        if to_status == OrderStatus.CONFIRMED or (to_status == OrderStatus.SHIPPED and order.confirmation_sent_at is None):
            order_confirmation_queue(order.pk)
        if to_status in STATUS_EMAILS:  # the buyer hears of it, with the signed link to follow the order
            order_status_email_queue(order.pk, to_status, carrier=carrier, tracking_number=tracking_number)
    return order


LINE_CANCELLABLE = frozenset({OrderStatus.PLACED, OrderStatus.CONFIRMED})


def order_line_cancel(*, order: Order, line_id: int, actor: AbstractBaseUser | None, reason: str) -> OrderLine:
    """Cancel one line the merchant cannot supply after all, giving its units back; the rest of the order goes on.

    Only before shipping. Runs in the caller's transaction if there is one (the caller then settles the
    payment side); a line already cancelled is refused.
    """
    reason = (reason or "").strip()[:255]
    if not reason:
        raise OrderStateError(_("Give a reason for cancelling the line."), "reason")
    with transaction.atomic():
        order = locks.order_for_update(order.pk)
        if order.status not in LINE_CANCELLABLE:
            raise OrderStateError(_("Only an order that has not shipped can lose a line."))
        line = OrderLine.objects.select_for_update().filter(pk=line_id, order_id=order.pk).first()
        if line is None:
            raise OrderStateError(_("This line is not part of the order."), "line")
        if line.cancelled_at is not None:
            raise OrderStateError(_("This line is already cancelled."), "line")
        if line.variant_id is not None:
            stock.stock_release({line.variant_id: line.quantity})
        line.cancelled_at, line.cancel_reason = timezone.now(), reason
        line.save(update_fields=["cancelled_at", "cancel_reason"])
        OrderStatusChange.objects.create(
            merchant_id=order.merchant_id, order=order, from_status=order.status, to_status=order.status,
            actor=actor if actor is not None and actor.is_authenticated else None,
            note=(_("Line cancelled: %(product)s") % {"product": line.product_name})[:255],
        )
    return line
