"""Real concurrent checkouts on PostgreSQL, each thread with its own connection: every store's invoices are
numbered 1, 2, 3, … without gaps or repeats, each invoice on its own order [TAX-INVOICE]."""

import uuid

import pytest

from tests.concurrency.test_checkout_races import race, ready_cart
from tijara.catalog.models import Variant
from tijara.checkout.services import checkout_confirm
from tijara.invoicing.models import DocumentCounter, Invoice

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_checkouts_get_gap_free_invoice_numbers_per_store(shop):
    """[TAX-INVOICE]"""
    Variant.objects.filter(pk__in=[shop["oil"].pk, shop["tile"].pk]).update(stock=100)
    carts = [ready_cart(shop["oil"].pk) for _ in range(8)] + [ready_cart(shop["tile"].pk) for _ in range(8)]
    results = race([
        (lambda c=c, f=f: checkout_confirm(cart=c, idempotency_key=uuid.uuid4().hex, fingerprint=f))
        for c, f in carts
    ])
    assert all(isinstance(r, list) for r in results), results
    for merchant, prefix in ((shop["argan"], "ARG"), (shop["zellige"], "ZEL")):
        invoices = list(Invoice.objects.filter(merchant=merchant).order_by("sequence"))
        assert [i.sequence for i in invoices] == list(range(1, 9))
        assert [i.number for i in invoices] == [f"{prefix}-F-{n:06d}" for n in range(1, 9)]
        assert len({i.order_id for i in invoices}) == 8
        assert all(i.order.merchant_id == merchant.pk for i in invoices)
        assert DocumentCounter.objects.get(merchant=merchant, series="invoice").last_number == 8
