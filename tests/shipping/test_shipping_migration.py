"""Moving the shipping tables from checkout to the shipping app keeps every row: a store's methods and zone
fees written before the move are read, charged and still guarded by their constraints after it."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.factories import make_merchant
from tijara.core.models import City

BEFORE_THE_MOVE = [("checkout", "0001_initial")]


@pytest.fixture
def before_the_move():
    """The database as it was before the move; migrated to the latest state afterwards, whatever happens."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    try:
        yield executor.loader.project_state(BEFORE_THE_MOVE).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_methods_and_zone_fees_written_in_checkout_are_read_from_shipping_after_the_move(request):
    store = make_merchant(name="Argania", slug="argania", delivery=False)
    casa = City.objects.get(name_fr="Casablanca")
    old_apps = request.getfixturevalue("before_the_move")
    OldMethod = old_apps.get_model("checkout", "ShippingMethod")
    OldZoneFee = old_apps.get_model("checkout", "ShippingZoneFee")
    old = OldMethod.objects.create(
        merchant_id=store.pk, kind="home", name_fr="Livraison Amana", name_ar="أمانة", base_fee=Decimal("45.00"),
        free_above=Decimal("500.00"), delivery_days_min=2, delivery_days_max=4, position=3)
    OldZoneFee.objects.create(merchant_id=store.pk, method_id=old.pk, city_id=casa.pk, fee=Decimal("20.00"))

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from tijara.shipping.models import ShippingMethod, ShippingZoneFee
    from tijara.shipping.selectors import shipping_fee, shipping_methods_by_merchant

    method = ShippingMethod.objects.get(pk=old.pk)
    assert (method.merchant_id, method.kind, method.name_fr, method.name_ar, method.base_fee, method.free_above,
            method.delivery_days_min, method.delivery_days_max, method.position, method.is_active) == (
        store.pk, "home", "Livraison Amana", "أمانة", Decimal("45.00"), Decimal("500.00"), 2, 4, 3, True)
    (zone,) = method.zone_fees.all()
    assert (zone.merchant_id, zone.city_id, zone.region_id, zone.fee) == (store.pk, casa.pk, None, Decimal("20.00"))
    (offered,) = shipping_methods_by_merchant([store.pk])[store.pk]
    assert shipping_fee(offered, city_id=casa.pk, region_id=casa.region_id, subtotal=Decimal("100")).fee == Decimal("20.00")

    # The tables still number new rows after the old ones and still refuse what their constraints refuse.
    newer = ShippingMethod.objects.create(merchant=store, kind="relay", name_fr="Relais", base_fee=Decimal("15.00"))
    assert newer.pk > old.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingZoneFee.objects.create(merchant=store, method=newer, fee=Decimal("5.00"))  # neither city nor region
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingMethod.objects.create(merchant=store, kind="home", name_fr="X", base_fee=Decimal("-1"))
