"""Cash-on-delivery reads: the call queue, the phone risk signal, carriers and shipments (constant query counts)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from tijara.fulfilment import conf
from tijara.fulfilment.models import CallTask, Carrier, PhoneOutcome, PhoneOutcomeKind, Shipment
from tijara.merchants.models import Merchant
from tijara.orders.models import Order, OrderStatus, PaymentMethod


def _queue(merchant: Merchant) -> QuerySet[Order]:
    return (Order.objects.filter(merchant=merchant, payment_method=PaymentMethod.COD, status=OrderStatus.PLACED)
            .select_related("call_task", "call_task__claimed_by", "city")
            .annotate(next_action_at=Coalesce(F("call_task__next_action_at"), F("created_at")))
            .order_by("next_action_at", "pk"))


def queue_orders(merchant: Merchant, *, limit: int = 50, due_only: bool = False) -> list[Order]:
    """COD orders waiting for their confirmation call, the next action first [COD-CALL-CLAIM]; `due_only`: only
    those whose time has come (not a call back set for later)."""
    queue = _queue(merchant)
    if due_only:
        queue = queue.filter(next_action_at__lte=timezone.now())
    return list(queue[:limit])


def queue_page(merchant: Merchant, *, page: int | str = 1, per_page: int = 50) -> Page:
    return Paginator(_queue(merchant), per_page).get_page(page)


def call_task(order: Order) -> CallTask | None:
    return CallTask.objects.select_related("claimed_by").filter(order_id=order.pk).first()


def call_history(order: Order) -> list:
    task = CallTask.objects.filter(order_id=order.pk).first()
    return list(task.calls.select_related("actor")) if task else []


def claim_holder(task: CallTask | None):
    """Who holds the call right now, or None when it is free (never claimed or its claim expired)."""
    if task is None or task.claimed_by_id is None or task.claim_expires_at is None:
        return None
    return task.claimed_by if task.claim_expires_at > timezone.now() else None


@dataclass(frozen=True)
class PhoneRisk:
    """A phone number's record: this store's outcomes and, when enough other stores' orders exist, the
    platform-wide refusal rate (a rounded percentage, nothing else) [COD-RISK]."""

    delivered: int = 0
    refused: int = 0
    returned: int = 0
    platform_refusal_rate: int | None = None  # percent

    @property
    def known(self) -> bool:
        return bool(self.delivered or self.refused or self.returned or self.platform_refusal_rate is not None)

    @property
    def level(self) -> str:
        """"high" when refusals or returns outweigh deliveries here, or over a third elsewhere."""
        bad = self.refused + self.returned
        if bad and bad >= self.delivered:
            return "high"
        if self.platform_refusal_rate is not None and self.platform_refusal_rate >= 34:
            return "high"
        return "low" if self.known else "unknown"


def phone_risks(merchant: Merchant, phones: Iterable[str]) -> dict[str, PhoneRisk]:
    """The risk of each phone, in two queries whatever their number [COD-RISK].

    The platform-wide rate counts only OTHER stores' outcomes and is shown only when at least
    TIJARA_COD_RISK_MIN_ORDERS orders of at least TIJARA_COD_RISK_MIN_MERCHANTS other stores back it, so the
    rate reveals no single store's data; no number, name or store ever leaves its merchant.
    """
    from tijara.fulfilment.services import phone_digest

    by_digest = {phone_digest(p): p for p in set(phones) if p}
    if not by_digest:
        return {}
    own: dict[str, dict[str, int]] = {}
    for row in (PhoneOutcome.objects.filter(merchant=merchant, phone_digest__in=by_digest)
                .values("phone_digest", "outcome").annotate(n=Count("pk"))):
        own.setdefault(row["phone_digest"], {})[row["outcome"]] = row["n"]
    others = {
        row["phone_digest"]: row for row in (
            PhoneOutcome.objects.filter(phone_digest__in=by_digest).exclude(merchant=merchant)
            .values("phone_digest")
            .annotate(total=Count("pk"), refused=Count("pk", filter=Q(outcome=PhoneOutcomeKind.REFUSED)),
                      merchants=Count("merchant", distinct=True))
        )
    }
    result = {}
    for digest, phone in by_digest.items():
        mine = own.get(digest, {})
        rate = None
        other = others.get(digest)
        if other and other["total"] >= conf.risk_min_orders() and other["merchants"] >= conf.risk_min_merchants():
            rate = int((Decimal(other["refused"]) * 100 / other["total"]).quantize(Decimal("1")))
        result[phone] = PhoneRisk(delivered=mine.get(PhoneOutcomeKind.DELIVERED, 0),
                                  refused=mine.get(PhoneOutcomeKind.REFUSED, 0),
                                  returned=mine.get(PhoneOutcomeKind.RETURNED, 0), platform_refusal_rate=rate)
    return result


def phone_risk(merchant: Merchant, phone: str) -> PhoneRisk:
    return phone_risks(merchant, [phone]).get(phone, PhoneRisk())


# ---- carriers and shipments ---------------------------------------------------------------------------------

def merchant_carriers(merchant: Merchant, *, active_only: bool = False) -> list[Carrier]:
    qs = Carrier.objects.filter(merchant=merchant)
    return list(qs.filter(active=True) if active_only else qs)


def merchant_carrier(merchant: Merchant, *, pk: int | None = None, code: str | None = None) -> Carrier | None:
    qs = Carrier.objects.filter(merchant=merchant)
    if pk is not None:
        return qs.filter(pk=pk).first()
    return qs.filter(code=code).first()


def order_shipment(order: Order) -> Shipment | None:
    return Shipment.objects.select_related("carrier").filter(order_id=order.pk).first()


def shipment_page(merchant: Merchant, *, status: str = "", carrier_id: int | None = None,
                  page: int | str = 1, per_page: int = 50) -> Page:
    qs = Shipment.objects.filter(merchant=merchant).select_related("carrier", "order", "order__city")
    if status:
        qs = qs.filter(status=status)
    if carrier_id:
        qs = qs.filter(carrier_id=carrier_id)
    return Paginator(qs.order_by("-created_at", "-pk"), per_page).get_page(page)
