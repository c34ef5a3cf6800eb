"""For any sequence of deliveries, remittance files (right and wrong amounts, repeats), acceptances and discards,
each carrier's ledger equals the cash collected minus the cash remitted, and that is exactly the sum of the
parcels it lists as still owed [COD-REMIT-LEDGER]."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.remittances.conftest import csv_file, make_carrier, parcel
from tijara.core.errors import DomainError
from tijara.remittances import selectors, services

pytestmark = pytest.mark.django_db

operations = st.lists(st.one_of(
    st.tuples(st.just("deliver"), st.integers(0, 1), st.integers(1, 300_000)),
    # a file of one carrier: (parcel index, cents off the right amount), then accept (True) or discard (False)
    st.tuples(st.just("file"), st.integers(0, 1), st.lists(st.tuples(st.integers(0, 9), st.sampled_from([0, 0, 1, -500])),
                                                          min_size=1, max_size=6), st.booleans()),
), min_size=1, max_size=10)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_the_ledger_is_always_collected_minus_remitted(store_a, ops):
    with transaction.atomic():
        carriers = [make_carrier(store_a, code="amana"), make_carrier(store_a, code="ctm", name="CTM")]
        parcels: list = []  # (shipment, carrier index, cents)
        collected = [Decimal(0), Decimal(0)]
        remitted = [Decimal(0), Decimal(0)]
        received: set[int] = set()
        for op in [("deliver", i % 2, 10_000 + 2_500 * i) for i in range(4)] + ops:  # four parcels to start with
            if op[0] == "deliver":
                cents = op[2]
                n = len(parcels) + 1
                shipment = parcel(store_a, carriers[op[1]], f"ARG-{n:06d}", tracking=f"T{n}",
                                  total=str(Decimal(cents) / 100))
                parcels.append((shipment, op[1], cents))
                collected[op[1]] += Decimal(cents) / 100
                continue
            _kind, which, rows, accept = op
            lines = []
            for index, off in rows:
                if index < len(parcels):
                    shipment, _c, cents = parcels[index]
                    lines.append((shipment.tracking_number, str(Decimal(max(cents + off, 0)) / 100), "0", dt.date.today()))
                else:
                    lines.append((f"NOPE{index}", "10.00", "0", dt.date.today()))
            batch = services.remittance_upload(merchant=store_a, carrier_id=carriers[which].pk, actor=None,
                                               name="r.csv", data=csv_file(lines))
            batch = services.remittance_check(batch_id=batch.pk)
            # what a correct reconciliation must receive: first mention of each unreceived delivered parcel of
            # this carrier with its exact amount
            expected, seen = [], set()
            for index, off in rows:
                if index < len(parcels) and index not in seen:
                    seen.add(index)
                    shipment, c, cents = parcels[index]
                    if c == which and off == 0 and shipment.pk not in received:
                        expected.append((shipment.pk, Decimal(cents) / 100))
            try:
                if not accept:
                    raise DomainError("discarded")
                services.remittance_accept(merchant=store_a, batch_id=batch.pk, actor=None)
            except DomainError:
                assert not expected or not accept
                continue
            services.remittance_apply(batch_id=batch.pk)
            for pk, amount in expected:
                received.add(pk)
                remitted[which] += amount
        for balance in selectors.carrier_balances(store_a):
            i = 0 if balance.carrier.code == "amana" else 1
            ledger = selectors.carrier_ledger(store_a, balance.carrier.pk)
            assert balance.collected == collected[i] and balance.remitted == remitted[i]
            assert balance.owed == collected[i] - remitted[i] == ledger.open_total
            assert sum((item["owed"] for item in ledger.open_items), Decimal(0)) == ledger.open_total
            assert [item["delivered_at"] for item in ledger.open_items] == sorted(
                item["delivered_at"] for item in ledger.open_items)
        transaction.set_rollback(True)
