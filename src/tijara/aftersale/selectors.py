"""After-sale reads with a constant number of queries: the buyer's view of an order's rights, the merchant's
withdrawals and refunds due with their overdue flags, and the platform staff's list of every overdue case."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from tijara.aftersale.models import RefundDue, RefundDueStatus, Withdrawal, WithdrawalLine
from tijara.aftersale.services import line_exclusion
from tijara.merchants.models import Merchant
from tijara.orders import rules
from tijara.orders.models import Order, OrderLine


@dataclass
class LineRight:
    line: OrderLine
    exclusion: str  # why it cannot be withdrawn, "" when it can
    withdrawn: bool
    cancelled: bool

    @property
    def selectable(self) -> bool:
        return not (self.exclusion or self.withdrawn or self.cancelled)


@dataclass
class OrderRights:
    """What the buyer may still do on an order, for its page and the API."""

    order: Order
    received_on: dt.date | None
    last_day: dt.date | None
    open: bool
    lines: list[LineRight]
    withdrawals: list[Withdrawal]
    dues: list[RefundDue]
    late_cancel_open: bool
    late_cancel_from: dt.date

    @property
    def selectable(self) -> list[LineRight]:
        return [right for right in self.lines if right.selectable]


def order_rights(order: Order, *, now: dt.datetime | None = None) -> OrderRights:
    """The withdrawal window, each line's state and the refunds due of one order (the buyer's view)."""
    now = now or timezone.now()
    lines = list(OrderLine.objects.filter(order_id=order.pk).select_related("variant__product").order_by("pk"))
    withdrawn = set(WithdrawalLine.objects.filter(order_line__order_id=order.pk).values_list("order_line_id", flat=True))
    withdrawals = list(Withdrawal.objects.filter(order_id=order.pk).prefetch_related("lines__order_line"))
    dues = list(RefundDue.objects.filter(order_id=order.pk).order_by("pk"))
    return OrderRights(
        order=order, received_on=rules.received_on(order), last_day=rules.withdrawal_last_day(order),
        open=rules.withdrawal_open(order, now),
        lines=[LineRight(line, line_exclusion(line), line.pk in withdrawn, line.cancelled_at is not None)
               for line in lines],
        withdrawals=withdrawals, dues=dues,
        late_cancel_open=rules.late_cancellation_open(order, timezone.localdate(now)),
        late_cancel_from=rules.late_cancellation_from(order),
    )


@dataclass
class DueRow:
    """A refund due with its flag: days late and legal interest at today's date."""

    due: RefundDue
    overdue_days: int
    interest: Decimal
    withdrawal: Withdrawal | None = None
    lines: list[WithdrawalLine] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.due.status != RefundDueStatus.SETTLED and self.overdue_days > 0


def due_row(due: RefundDue, today: dt.date | None = None) -> DueRow:
    """One refund due with its flag at `today` (the platform's today by default)."""
    today = today or timezone.localdate()
    late = 0 if due.status == RefundDueStatus.SETTLED else rules.days_overdue(due.due_on, today)
    withdrawal = due.withdrawal
    return DueRow(due=due, overdue_days=late, interest=rules.legal_interest(due.amount, due.due_on, today) if late else
                  Decimal("0.00"), withdrawal=withdrawal, lines=list(withdrawal.lines.all()) if withdrawal else [])


def merchant_aftersale(merchant: Merchant, *, today: dt.date | None = None, limit: int = 200) -> list[DueRow]:
    """The store's open work: refunds not yet made, and returns not yet checked in (oldest due first)."""
    today = today or timezone.localdate()
    dues = (RefundDue.objects.filter(merchant=merchant)
            .filter(~Q(status=RefundDueStatus.SETTLED) | Q(withdrawal__isnull=False, withdrawal__checked_in_at__isnull=True))
            .select_related("order", "order__payment", "withdrawal", "order_line")
            .prefetch_related(Prefetch("withdrawal__lines", queryset=WithdrawalLine.objects.select_related("order_line")))
            .order_by("due_on", "pk")[:limit])
    return [due_row(due, today) for due in dues]


def merchant_refund_dues(merchant: Merchant, *, state: str = "", today: dt.date | None = None,
                         limit: int = 200, ids: list[int] | None = None) -> list[DueRow]:
    """The store's refunds due: `open` (not refunded), `overdue`, `settled`, or all; newest due day last."""
    today = today or timezone.localdate()
    qs = RefundDue.objects.filter(merchant=merchant)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if state == "open":
        qs = qs.exclude(status=RefundDueStatus.SETTLED)
    elif state == "overdue":
        qs = qs.exclude(status=RefundDueStatus.SETTLED).filter(due_on__lt=today)
    elif state == "settled":
        qs = qs.filter(status=RefundDueStatus.SETTLED)
    qs = (qs.select_related("order", "withdrawal", "order_line")
          .prefetch_related(Prefetch("withdrawal__lines", queryset=WithdrawalLine.objects.select_related("order_line")))
          .order_by("due_on", "pk")[:limit])
    return [due_row(due, today) for due in qs]


def merchant_late_deliveries(merchant: Merchant, *, today: dt.date | None = None, limit: int = 200) -> list[Order]:
    """The store's orders not delivered by their written delivery day, oldest first [CP-DELIVERY-30]."""
    today = today or timezone.localdate()
    return list(Order.objects.filter(merchant=merchant, status__in=rules.IN_TRANSIT, deliver_by__lt=today)
                .only("number", "status", "deliver_by", "full_name", "total", "merchant_id")
                .order_by("deliver_by", "pk")[:limit])


def merchant_order_lines(merchant: Merchant, number: str) -> Order | None:
    """One of the store's orders with its lines, for cancelling an unavailable line."""
    return (Order.objects.filter(merchant=merchant, number=(number or "").strip().upper()[:32])
            .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))).first())


@dataclass
class OverdueCases:
    refunds: list[DueRow]
    deliveries: list[Order]


def overdue_cases(*, today: dt.date | None = None, limit: int = 500) -> OverdueCases:
    """Platform staff: every refund past its due day and every order past its delivery day, across stores."""
    today = today or timezone.localdate()
    dues = (RefundDue.objects.exclude(status=RefundDueStatus.SETTLED).filter(due_on__lt=today)
            .select_related("order", "merchant", "withdrawal").prefetch_related("withdrawal__lines")
            .order_by("due_on", "pk")[:limit])
    deliveries = list(Order.objects.filter(status__in=rules.IN_TRANSIT, deliver_by__lt=today)
                      .select_related("merchant").only("number", "status", "deliver_by", "total", "created_at",
                                                       "merchant__store_name", "merchant_id")
                      .order_by("deliver_by", "pk")[:limit])
    return OverdueCases(refunds=[due_row(due, today) for due in dues], deliveries=deliveries)
