"""Shipping writes: a merchant's delivery methods and their zone fees, edited from the back-office.

What the owner or a manager sets here is exactly what `shipping.selectors.shipping_fee` charges at checkout:
a base fee, fees by city or region (a city beats its region), a free-shipping threshold per method and
delivery days (never beyond `rules.MAX_DELIVERY_DAYS`). Each function is one transaction, scoped to the
actor's merchant; a refused rule raises ShippingError.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.core.errors import DomainError, NotFound
from tijara.merchants import locks as merchant_locks
from tijara.merchants.models import Merchant, MerchantMembership
from tijara.merchants.permissions import require
from tijara.shipping.models import ShippingKind, ShippingMethod, ShippingZoneFee
from tijara.shipping.rules import MAX_DELIVERY_DAYS

MAX_FEE = Decimal("100000")


class ShippingError(DomainError):
    """A shipping rule said no; `message` is shown to the user, `field` names the input at fault."""


class ShippingMethodNotFound(NotFound, ShippingError):
    """No such method in the actor's store (another store's id is answered exactly like a missing one)."""


@dataclass(frozen=True)
class ZoneFee:
    fee: Decimal
    city_id: int | None = None
    region_id: int | None = None


def _money(value: object, field: str, *, allow_none: bool = False) -> Decimal | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise ShippingError(_("Enter an amount."), field)
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ShippingError(_("Enter an amount."), field) from None
    if amount < 0:
        raise ShippingError(_("A fee cannot be negative."), field)
    if amount >= MAX_FEE:
        raise ShippingError(_("This amount is too large."), field)
    return amount


def _zones(zone_fees: Iterable[ZoneFee]) -> list[ZoneFee]:
    clean, seen = [], set()
    for i, zone in enumerate(zone_fees):
        if (zone.city_id is None) == (zone.region_id is None):
            raise ShippingError(_("A zone fee is for one city or one region."), f"zones.{i}")
        key = ("city", zone.city_id) if zone.city_id is not None else ("region", zone.region_id)
        if key in seen:
            raise ShippingError(_("Each city or region can have only one fee per method."), f"zones.{i}")
        seen.add(key)
        clean.append(ZoneFee(fee=_money(zone.fee, f"zones.{i}.fee"), city_id=zone.city_id, region_id=zone.region_id))
    return clean


def _own_method_for_update(merchant_id: int, method_id: int) -> ShippingMethod:
    method = ShippingMethod.objects.select_for_update().filter(merchant_id=merchant_id, pk=method_id).first()
    if method is None:
        raise ShippingMethodNotFound(_("No such delivery method in your store."), "method_id")
    return method


def shipping_method_save(
    *, actor: MerchantMembership, method_id: int | None, kind: str, names: dict[str, str], base_fee: object,
    free_above: object = None, delivery_days_min: int, delivery_days_max: int, is_active: bool = True,
    position: int = 0, zone_fees: Iterable[ZoneFee] = (),
) -> ShippingMethod:
    """Create (method_id None) or replace one of the actor's store's methods, with all its zone fees."""
    require(actor, "settings.edit")
    if kind not in ShippingKind.values:
        raise ShippingError(_("Choose home delivery or relay point."), "kind")
    name_fr = (names.get("fr") or "").strip()
    if not name_fr:
        raise ShippingError(_("Give the method a French name."), "name_fr")
    fee = _money(base_fee, "base_fee")
    threshold = _money(free_above, "free_above", allow_none=True)
    if not 0 <= delivery_days_min <= delivery_days_max:
        raise ShippingError(_("The longest delay cannot be shorter than the shortest."), "delivery_days_max")
    if delivery_days_max > MAX_DELIVERY_DAYS:
        raise ShippingError(_("Delivery must be promised within %(days)d days.") % {"days": MAX_DELIVERY_DAYS},
                            "delivery_days_max")
    zones = _zones(zone_fees)
    values = dict(
        kind=kind, name_fr=name_fr[:120], name_ar=(names.get("ar") or "").strip()[:120],
        name_en=(names.get("en") or "").strip()[:120], base_fee=fee, free_above=threshold,
        delivery_days_min=delivery_days_min, delivery_days_max=delivery_days_max, is_active=is_active,
        position=position,
    )
    with transaction.atomic():
        merchant_locks.merchant_for_update(actor.merchant_id)  # one shipping edit of a store at a time
        if method_id is None:
            method = ShippingMethod.objects.create(merchant_id=actor.merchant_id, **values)
        else:
            method = _own_method_for_update(actor.merchant_id, method_id)
            for key, value in values.items():
                setattr(method, key, value)
            method.save(update_fields=list(values))
            ShippingZoneFee.objects.filter(merchant_id=actor.merchant_id, method=method).delete()
        ShippingZoneFee.objects.bulk_create(
            ShippingZoneFee(merchant_id=actor.merchant_id, method=method, city_id=z.city_id, region_id=z.region_id,
                            fee=z.fee)
            for z in zones
        )
        _delivers_refresh([actor.merchant_id])
        audit_record(AuditEvent.SETTINGS_CHANGED, actor=actor.user_id, merchant_id=actor.merchant_id,
                     target=f"shipping_method:{method.pk}",
                     data={"shipping_method": "created" if method_id is None else "changed"})  # [SEC-AUDIT-EVENTS]
    return method


def shipping_method_delete(*, actor: MerchantMembership, method_id: int) -> None:
    """Delete one of the store's methods and its zone fees (placed orders keep their shipping snapshot)."""
    require(actor, "settings.edit")
    with transaction.atomic():
        merchant_locks.merchant_for_update(actor.merchant_id)
        _own_method_for_update(actor.merchant_id, method_id).delete()
        _delivers_refresh([actor.merchant_id])
        audit_record(AuditEvent.SETTINGS_CHANGED, actor=actor.user_id, merchant_id=actor.merchant_id,
                     target=f"shipping_method:{method_id}", data={"shipping_method": "deleted"})  # [SEC-AUDIT-EVENTS]


def _delivers_refresh(merchant_ids: Iterable[int]) -> None:
    """Recompute `Merchant.delivers` (an active method exists) after the methods of these stores changed."""
    active = ShippingMethod.objects.filter(merchant_id=OuterRef("pk"), is_active=True)
    Merchant.objects.filter(pk__in=list(merchant_ids)).update(delivers=Exists(active))


def shipping_defaults_ensure(*, merchants: list[Merchant] | None = None) -> int:
    """Give every merchant without a shipping method a home delivery and a relay-point method.

    Fees are by zone: cheaper in the merchant's own city and region, free above 500 MAD at home.
    Returns the number of merchants set up. Safe to run again (merchants with methods are skipped).
    """
    qs = Merchant.objects.all() if merchants is None else Merchant.objects.filter(pk__in=[m.pk for m in merchants])
    todo = list(qs.exclude(shipping_methods__isnull=False).only("pk", "city_id", "region_id"))
    with transaction.atomic():
        for merchant in todo:
            home = ShippingMethod.objects.create(
                merchant=merchant, kind=ShippingKind.HOME, name_fr="Livraison à domicile", name_ar="التوصيل إلى المنزل",
                name_en="Home delivery", base_fee=Decimal("45.00"), free_above=Decimal("500.00"),
                delivery_days_min=2, delivery_days_max=5, position=0,
            )
            relay = ShippingMethod.objects.create(
                merchant=merchant, kind=ShippingKind.RELAY, name_fr="Point relais", name_ar="نقطة الاستلام",
                name_en="Relay point", base_fee=Decimal("25.00"), free_above=None,
                delivery_days_min=3, delivery_days_max=7, position=1,
            )
            ShippingZoneFee.objects.bulk_create([
                ShippingZoneFee(merchant=merchant, method=home, city_id=merchant.city_id, fee=Decimal("20.00")),
                ShippingZoneFee(merchant=merchant, method=home, region_id=merchant.region_id, fee=Decimal("30.00")),
                ShippingZoneFee(merchant=merchant, method=relay, city_id=merchant.city_id, fee=Decimal("15.00")),
            ])
        _delivers_refresh(m.pk for m in todo)
    return len(todo)
