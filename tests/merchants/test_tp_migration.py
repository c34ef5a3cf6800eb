"""The taxe professionnelle typed before it had one field is kept when the two fields become one."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ensure_reference_data
from tijara.core.models import City
from tijara.merchants.models import Merchant

BEFORE_FOLD = [("merchants", "0006_legal_documents_fields")]


def _store(apps, city: City, n: int, **fields):
    return apps.get_model("merchants", "Merchant").objects.create(
        legal_name=f"Store {n} SARL", store_name=f"Store {n}", slug=f"store-{n}", legal_form="sarl",
        ice=["001525874000088", "001561191000066"][n], rc_number=f"1234{n}", rc_tribunal=city.name_fr,
        if_number="1234567", address="12 Rue de la Liberté", city_id=city.pk, region_id=city.region_id,
        sector="cosmetics", phone="+212522000000", email=f"contact{n}@example.ma", **fields,
    ).pk


@pytest.mark.django_db(transaction=True)
def test_a_tp_number_typed_in_the_old_field_becomes_the_professional_tax():
    ensure_reference_data()
    city = City.objects.first()
    executor = MigrationExecutor(connection)
    try:
        apps = executor.migrate(BEFORE_FOLD).apps
        old_only = _store(apps, city, 0, tp_number="25123456", professional_tax="")
        both = _store(apps, city, 1, tp_number="11111111", professional_tax="25999999")
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert Merchant.objects.get(pk=old_only).professional_tax == "25123456"
    assert Merchant.objects.get(pk=both).professional_tax == "25999999"  # the new field, once filled, is kept
    Merchant.objects.filter(pk__in=[old_only, both]).delete()
