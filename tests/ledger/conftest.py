"""Fixtures of the ledger tests: stores with a RIB, platform staff, members of each role, and a helper that
records sales on a given day (the ledger dates entries when they are recorded)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from tests.dashboard.conftest import VALID_RIB, client_for, make_member
from tests.factories import make_merchant
from tijara.accounts.models import User
from tijara.ledger.services import ledger_capture_record, ledger_refund_record
from tijara.merchants.models import Role

_ids = itertools.count(1000)


def at(day: dt.date, hour: int = 12):
    """Travel to noon of `day` in Casablanca."""
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), tick=False)


def capture(merchant, amount: str, *, collected_by: str = "platform", method: str = "card",
            payment_id: int | None = None, order_number: str | None = None) -> int:
    payment_id = payment_id or next(_ids)
    ledger_capture_record(merchant_id=merchant.pk, payment_id=payment_id,
                          order_number=order_number or f"{merchant.slug[:3].upper()}-{payment_id:06d}",
                          amount=Decimal(amount), method=method, collected_by=collected_by)
    return payment_id


def refund(merchant, payment_id: int, amount: str, *, collected_by: str = "platform", method: str = "card",
           refund_id: int | None = None) -> int:
    refund_id = refund_id or next(_ids)
    ledger_refund_record(merchant_id=merchant.pk, refund_id=refund_id, payment_id=payment_id,
                         order_number=f"{merchant.slug[:3].upper()}-{payment_id:06d}", amount=Decimal(amount),
                         method=method, collected_by=collected_by)
    return refund_id


@pytest.fixture
def store(db):
    return make_merchant(name="Argania", slug="argania", legal_name="Argania Coopérative SARL", rib=VALID_RIB,
                         delivery=False)


@pytest.fixture
def other_store(db):
    return make_merchant(name="Bazar", slug="bazar", legal_name="Bazar du Souk SARL", rib=VALID_RIB, delivery=False)


@pytest.fixture
def staff_user(db):
    return User.objects.create_user("finance@tijara.ma", "a long enough pass 42", is_staff=True)


@pytest.fixture
def staff_client(staff_user):
    return client_for(staff_user)


@pytest.fixture
def owner(store):
    return make_member(store, Role.OWNER)


@pytest.fixture
def owner_client(owner):
    return client_for(owner)


@pytest.fixture
def other_owner_client(other_store):
    return client_for(make_member(other_store, Role.OWNER))
