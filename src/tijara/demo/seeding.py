"""The demo's people and past: sign-in accounts and a few months of orders, all through the real services.

Orders are placed through the cart and checkout, paid through the card gateway's signed callback (built here
as the test gateway builds it) or cash on delivery, confirmed, shipped through fulfilment, delivered, refused
at the door, cancelled or withdrawn — each step at its own moment of the past (`demo.clock`), so invoices,
the contract archive, payments, the ledger and shipments are dated and chained as if it had happened.
Same seed, same story; passwords are drawn afresh on every install.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import secrets
import uuid
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from tijara.aftersale.models import RefundDue, Withdrawal
from tijara.aftersale.services import refund_due_pay, withdrawal_check_in, withdrawal_request
from tijara.cart.services import cart_create, cart_line_add
from tijara.catalog.models import Variant
from tijara.checkout.services import checkout_confirm, checkout_details_save, checkout_prepare
from tijara.core.models import City
from tijara.demo.clock import demo_clock
from tijara.fulfilment.models import Carrier, Shipment
from tijara.fulfilment.reference import reference_carriers
from tijara.fulfilment.services import carrier_add, shipment_check_in, shipment_create, shipment_outcome
from tijara.merchants.models import Merchant, MerchantMembership, MerchantStatus, Role
from tijara.merchants.permissions import PLATFORM_REVIEWER
from tijara.orders.models import Order, OrderStatus
from tijara.payments.cmi import ver3_hash
from tijara.payments.services import CardUrls, card_attempt_start, card_callback_handle, order_move
from tijara.shipping.models import ShippingMethod

CASA = zoneinfo.ZoneInfo("Africa/Casablanca")
OWNER_EMAIL = "proprietaire@demo.tijara.ma"
REVIEWER_EMAIL = "revue@demo.tijara.ma"
BUYER_EMAIL = "client@demo.tijara.ma"
CARD_URLS = CardUrls(ok_url="http://127.0.0.1:8000/fr/pay/ok/", fail_url="http://127.0.0.1:8000/fr/pay/fail/",
                     callback_url="http://127.0.0.1:8000/payments/cmi/callback/", shop_url="http://127.0.0.1:8000/")
FIRST = ["Salma", "Youssef", "Khadija", "Omar", "Fatima Zahra", "Mehdi", "Imane", "Hamza", "Nadia", "Karim",
         "Sara", "Anas", "Meryem", "Ayoub", "Hajar", "Reda", "Siham", "Ilyas", "Loubna", "Zakaria"]
LAST = ["Bennani", "El Idrissi", "Alaoui", "Tazi", "Berrada", "Chraibi", "Amrani", "Fassi", "Ouazzani", "Naciri",
        "El Amrani", "Bouzid", "Lahlou", "Benjelloun", "Ait Ali"]
STREETS = ["Rue Ibn Batouta", "Avenue Hassan II", "Bd Zerktouni", "Rue de Fès", "Avenue des FAR", "Rue Moulay Idriss"]
HOUR = dt.timedelta(hours=1)
# A fate is the order's path from its placement (hours after placing); steps still in the future are not taken,
# so the youngest orders are left placed, confirmed or shipped.
FATES: dict[str, list[tuple[float, str]]] = {
    "completed": [(20, "confirm"), (44, "ship"), (96, "deliver"), (14 * 24, "complete")],
    "delivered": [(20, "confirm"), (44, "ship"), (96, "deliver")],
    "refused": [(20, "confirm"), (44, "ship"), (100, "refuse"), (130, "check_in")],
    "cancelled": [(6, "cancel")],
    # the buyer withdraws, the parcel comes back and is checked in, the cash is given back (a credit note)
    "withdrawn": [(20, "confirm"), (44, "ship"), (96, "deliver"), (120, "withdraw"), (190, "return"), (200, "refund")],
}


@dataclass
class Accounts:
    owner: object
    reviewer: object
    buyer: object
    store: Merchant
    passwords: dict[str, str] = field(default_factory=dict)


def demo_seeded() -> bool:
    return get_user_model().objects.filter(email=OWNER_EMAIL).exists()


def _password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, ~96 bits: passes the length and common-password checks


def demo_store() -> Merchant | None:
    """The seeded store the owner account runs: the validated store with the most units in stock."""
    candidates = (Merchant.objects.filter(status=MerchantStatus.VALIDATED, shipping_methods__is_active=True)
                  .values_list("pk", flat=True).distinct())
    best = (Variant.objects.filter(merchant_id__in=candidates, product__is_published=True)
            .values("merchant_id").annotate(units=Sum("stock")).order_by("-units", "merchant_id").first())
    return Merchant.objects.get(pk=best["merchant_id"]) if best else None


def accounts_create(store: Merchant) -> Accounts:
    """Owner of `store`, a platform reviewer and a buyer, each with a fresh password."""
    users = get_user_model().objects
    passwords = {email: _password() for email in (OWNER_EMAIL, REVIEWER_EMAIL, BUYER_EMAIL)}
    with transaction.atomic():
        owner = users.create_user(OWNER_EMAIL, passwords[OWNER_EMAIL], full_name="Amina Demo")
        MerchantMembership.objects.create(merchant=store, user=owner, role=Role.OWNER)
        reviewer = users.create_user(REVIEWER_EMAIL, passwords[REVIEWER_EMAIL], full_name="Rachid Revue")
        reviewer.groups.add(Group.objects.get_or_create(name=PLATFORM_REVIEWER)[0])
        buyer = users.create_user(BUYER_EMAIL, passwords[BUYER_EMAIL], full_name="Salma Bennani",
                                  phone="+212612345678")
    return Accounts(owner, reviewer, buyer, store, passwords)


def accounts_write(path: Path, accounts: Accounts) -> None:
    """Write the sign-in details readable by the file's owner only (mode 600, never group or world)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"store": accounts.store.slug, "store_name": accounts.store.store_name,
            "accounts": [{"role": role, "email": email, "password": accounts.passwords[email]}
                         for role, email in (("owner", OWNER_EMAIL), ("reviewer", REVIEWER_EMAIL),
                                             ("buyer", BUYER_EMAIL))]}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)


# ---- the orders ------------------------------------------------------------------------------------
@dataclass
class _Plan:
    placed_at: dt.datetime
    fate: str
    method: str
    buyer: bool
    customer: tuple[str, str, str, City]
    order: Order | None = None


def _card_paid(order: Order) -> None:
    """Pay the checkout as the card gateway would: its form fields, an approval, the store key's signature."""
    form = card_attempt_start(checkout_group=order.checkout_group, language="fr", urls=CARD_URLS)
    fields = {name: value for name, value in form.fields.items() if name != "HASH"}
    fields.update({"ProcReturnCode": "00", "Response": "Approved", "mdStatus": "1", "ErrMsg": "",
                   "TransId": f"T{uuid.uuid4().hex[:12].upper()}", "AuthCode": f"{secrets.randbelow(10**6):06d}",
                   "maskedCreditCard": "411111***1111", "EXTRA.CARDISSUERCOUNTRY": "MA",
                   "EXTRA.TRXDATE": timezone.localtime().strftime("%Y%m%d %H:%M:%S")})
    fields["HASH"] = ver3_hash(fields, settings.TIJARA_CMI_STORE_KEY)
    card_callback_handle(fields=fields)


class _Seeder:
    def __init__(self, accounts: Accounts, rng: random.Random):
        self.a, self.rng, self.store = accounts, rng, accounts.store
        self.method = (ShippingMethod.objects.filter(merchant=self.store, is_active=True)
                       .order_by("position", "pk").first())
        carriers = [c for c in reference_carriers() if c.offers_cod == "yes"][:2] or list(reference_carriers())[:2]
        self.carriers = [Carrier.objects.filter(merchant=self.store, code=c.code).first()
                         or carrier_add(merchant=self.store, reference_code=c.code) for c in carriers]
        self.variants = list(Variant.objects.filter(merchant=self.store, product__is_published=True, stock__gt=0)
                             .order_by("-stock", "pk").values_list("pk", flat=True)[:15])
        self.cities = list(City.objects.order_by("-population")[:25])

    def place(self, plan: _Plan) -> Order | None:
        user = self.a.buyer if plan.buyer else None
        name, phone, email, city = plan.customer
        cart = cart_create(user=user)
        for variant_id in self.rng.sample(self.variants, k=min(len(self.variants), self.rng.choice([1, 1, 2]))):
            if Variant.objects.filter(pk=variant_id, stock__gt=2).exists():
                cart_line_add(cart=cart, variant_id=variant_id, quantity=1)
        if not cart.lines.exists():
            return None
        checkout_details_save(cart=cart, full_name=name, phone=phone, email=email,
                              address_line=f"{self.rng.randrange(1, 200)}, {self.rng.choice(STREETS)}",
                              city_id=city.pk, region_code=city.region_id, payment_method=plan.method,
                              shipping_choices={str(self.store.pk): self.method.pk}, language="fr")
        order = checkout_confirm(cart=cart, idempotency_key=uuid.uuid4().hex,
                                 fingerprint=checkout_prepare(cart=cart).fingerprint, user=user)[0]
        if plan.method == "card":
            _card_paid(order)
        return order

    def step(self, order: Order, action: str) -> None:
        owner = self.a.owner
        if action == "confirm":
            order_move(order=order, to_status=OrderStatus.CONFIRMED, actor=owner)
        elif action == "ship":
            carrier = self.carriers[order.pk % len(self.carriers)]
            shipment_create(order=order, carrier=carrier, actor=owner)  # handed over: the order is shipped
        elif action in ("deliver", "refuse"):
            shipment = Shipment.objects.get(order=order)
            cash = Decimal("0.00") if order.payment_method == "card" else None
            shipment_outcome(shipment=shipment, outcome="delivered" if action == "deliver" else "refused",
                             actor=owner, cash_collected=cash,
                             note="" if action == "deliver" else "Refusé à la porte")
        elif action == "check_in":
            shipment_check_in(shipment=Shipment.objects.get(order=order), actor=owner)
        elif action == "complete":
            order_move(order=order, to_status=OrderStatus.COMPLETED, actor=owner)
        elif action == "cancel":
            order_move(order=order, to_status=OrderStatus.CANCELLED, actor=owner,
                       reason="Annulée à la demande du client")
        elif action == "withdraw":
            withdrawal_request(order=order, line_ids=None, language="fr")
        elif action == "return":
            withdrawal = Withdrawal.objects.get(order=order)
            withdrawal_check_in(merchant_id=order.merchant_id, withdrawal_id=withdrawal.pk, actor=owner)
        elif action == "refund":
            due = RefundDue.objects.get(withdrawal__order=order)
            refund_due_pay(merchant_id=order.merchant_id, refund_due_id=due.pk, actor=owner,
                           reference="Remboursement en espèces au retour du colis")


def _jobs_run() -> None:
    """Run the jobs the last step queued (acknowledgement, written confirmation, status e-mails) at that same
    moment of the past, as the worker would have: the confirmation is then on record before the parcel ships,
    and the e-mails land in the mail folder now rather than months late at the demo's first start."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return  # an immediate backend (tests) has run them already
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        row.claim("seed_demo")
        task, result = row.task, row.task_result
        try:
            row.set_successful(task.call(*result.args, **result.kwargs))
        except Exception as exc:  # recorded on the job, as the worker does; the story goes on
            row.set_failed(exc)


def _plans(rng: random.Random, now: dt.datetime, *, days: int, orders: int, card: bool,
           cities: list[City]) -> list[_Plan]:
    plans = []
    for i in range(orders):
        day = now - dt.timedelta(days=days * ((orders - i) / orders) ** 1.5)  # a store that grows: busier lately
        local = day.astimezone(CASA).replace(hour=rng.randrange(9, 22), minute=rng.randrange(60))
        placed = min(local, now - dt.timedelta(minutes=30 + i % 7))
        fate = rng.choices(list(FATES), weights=[70, 8, 9, 8, 5])[0]
        method = "card" if card and rng.random() < 0.3 else "cod"
        # Every path at least once, even in a small demo: a refusal, a cancellation and a withdrawal among the
        # older orders (long done), and a card payment.
        fate = {orders // 5: "refused", orders // 4: "cancelled", orders // 3: "withdrawn"}.get(i, fate)
        method = "cod" if i in (orders // 5, orders // 4, orders // 3) else "card" if card and i == orders // 2 else method
        if method == "card" and fate in ("refused", "cancelled", "withdrawn"):
            fate = "completed"  # a paid card order cancelled or refunded would wait for the gateway's refund
        buyer = i % 17 == 5  # a handful of the buyer account's own orders, spread over the months
        first, last = rng.choice(FIRST), rng.choice(LAST)
        customer = (("Salma Bennani", "06 12 34 56 78", BUYER_EMAIL, cities[0]) if buyer else
                    (f"{first} {last}", f"06{rng.randrange(10**7, 10**8)}",
                     f"{first.split()[0].lower()}.{last.replace(' ', '').lower()}{i}@example.com", rng.choice(cities)))
        plans.append(_Plan(placed, fate, method, buyer, customer))
    return plans


def orders_seed(accounts: Accounts, *, seed: int = 1, days: int = 120, orders: int = 120) -> dict[str, int]:
    """Place and move the demo store's orders of the last `days` days, in the order things happened."""
    rng = random.Random(seed)
    seeder = _Seeder(accounts, rng)
    now = timezone.now()
    card = bool(getattr(settings, "TIJARA_CMI_STORE_KEY", ""))
    plans = _plans(rng, now, days=days, orders=orders, card=card, cities=seeder.cities)
    events: list[tuple[dt.datetime, int, str]] = [(p.placed_at, i, "place") for i, p in enumerate(plans)]
    for i, p in enumerate(plans):
        events += [(p.placed_at + hours * HOUR, i, action) for hours, action in FATES[p.fate]
                   if p.placed_at + hours * HOUR < now]
    events.sort(key=lambda e: (e[0], e[1]))
    for at, i, action in events:
        plan = plans[i]
        with demo_clock(at):
            if action == "place":
                plan.order = seeder.place(plan)
            elif plan.order is not None:
                seeder.step(Order.objects.get(pk=plan.order.pk), action)
            _jobs_run()
    counts: dict[str, int] = {}
    for status in Order.objects.filter(merchant=accounts.store).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def demo_seed(*, accounts_file: Path, seed: int = 1, days: int = 120, orders: int = 120) -> tuple[Accounts, dict]:
    """Accounts then orders, all or nothing (first run only: the caller checks `demo_seeded`)."""
    store = demo_store()
    if store is None:
        raise LookupError("no validated store with a delivery method: run `tijara seed` first")
    with transaction.atomic():
        accounts = accounts_create(store)
        counts = orders_seed(accounts, seed=seed, days=days, orders=orders)
        accounts_write(accounts_file, accounts)
    return accounts, counts
