"""Product photos uploaded while they belonged to the back-office survive their move to the catalogue."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ensure_reference_data
from tijara.catalog.models import ProductImage
from tijara.core.models import City

BEFORE_MOVE = [("dashboard", "0001_product_images"), ("catalog", "0001_initial")]


def _insert_photo(apps, city: City) -> int:
    """A merchant, a product and one photo written through the models as they were before the move."""
    Merchant = apps.get_model("merchants", "Merchant")
    Category = apps.get_model("catalog", "Category")
    Product = apps.get_model("catalog", "Product")
    OldProductImage = apps.get_model("dashboard", "ProductImage")
    merchant = Merchant.objects.create(
        legal_name="Argania SARL", store_name="Argania", slug="argania", legal_form="sarl", ice="001525874000088",
        rc_number="12345", rc_tribunal=city.name_fr, if_number="1234567", address="12 Rue de la Liberté",
        city_id=city.pk, region_id=city.region_id, sector="cosmetics", phone="+212522000000",
        email="contact@argania.ma",
    )
    category = Category.objects.create(slug="beaute", name_fr="Beauté")
    product = Product.objects.create(merchant=merchant, category=category, slug="huile", name_fr="Huile d'argan")
    photo = OldProductImage.objects.create(merchant=merchant, product=product, image="products/2026/01/huile.jpg",
                                           width=800, height=600)
    return photo.pk


@pytest.mark.django_db(transaction=True)
def test_photos_keep_their_rows_when_product_images_move_to_the_catalogue():
    ensure_reference_data()
    city = City.objects.select_related("region").first()
    executor = MigrationExecutor(connection)
    try:
        apps = executor.migrate(BEFORE_MOVE).apps
        assert "dashboard_productimage" in connection.introspection.table_names()
        photo_pk = _insert_photo(apps, city)
    finally:
        executor.loader.build_graph()  # the graph is read again, as Django's own migration tests do
        executor.migrate(executor.loader.graph.leaf_nodes())

    photo = ProductImage.objects.select_related("product", "merchant").get(pk=photo_pk)
    assert (photo.image.name, photo.width, photo.height) == ("products/2026/01/huile.jpg", 800, 600)
    assert (photo.product.slug, photo.merchant.slug) == ("huile", "argania")
    assert list(photo.product.images.all()) == [photo]
    tables = connection.introspection.table_names()
    assert "catalog_productimage" in tables and "dashboard_productimage" not in tables
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "catalog_productimage")
    assert "catalog_pro_merchan_f99be6_idx" in indexes  # the name the catalogue's model state expects
