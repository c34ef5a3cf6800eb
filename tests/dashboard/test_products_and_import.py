"""The owner fills the catalogue: products with translations and variants, images, CSV/XLSX import and export."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.dashboard.conftest import client_for, make_member, make_order
from tijara.catalog.importers import export_csv, export_xlsx, import_apply, import_preview, read_rows
from tijara.catalog.models import Product, Variant
from tijara.merchants.models import Role

pytestmark = pytest.mark.django_db


def product_post(category, **overrides) -> dict:
    data = {
        "name_fr": "Huile d'argan bio", "name_ar": "زيت أركان عضوي", "name_en": "Organic argan oil",
        "category": category.pk, "vat_class": "standard", "is_published": "on",
        "variants-TOTAL_FORMS": "2", "variants-INITIAL_FORMS": "0",
        "variants-0-sku": "ARG-50", "variants-0-options": "size=50 ml", "variants-0-price": "99.00", "variants-0-stock": "5",
        "variants-1-sku": "ARG-100", "variants-1-options": "size=100 ml", "variants-1-price": "179.00", "variants-1-stock": "3",
    }
    data.update(overrides)
    return data


def test_owner_creates_a_product_with_french_and_arabic_names_and_variants(client_a, store_a, category):
    response = client_a.post("/fr/dashboard/products/new/", product_post(category))
    assert response.status_code == 302
    product = Product.objects.get(merchant=store_a)
    assert (product.name_fr, product.name_ar) == ("Huile d'argan bio", "زيت أركان عضوي")
    assert product.price == Decimal("99.00")  # lowest variant price
    assert list(product.variants.values_list("sku", "options")) == [("ARG-50", {"size": "50 ml"}), ("ARG-100", {"size": "100 ml"})]


def test_changing_a_variant_price_refreshes_the_product_price(client_a, product_a, category):
    variant = product_a.variants.get()
    client_a.post(f"/fr/dashboard/products/{product_a.pk}/", product_post(
        category, **{"variants-TOTAL_FORMS": "1", "variants-INITIAL_FORMS": "1", "variants-0-id": str(variant.pk),
                     "variants-0-sku": variant.sku, "variants-0-price": "55.50"}))
    product_a.refresh_from_db()
    assert product_a.price == Decimal("55.50")


def test_bad_product_input_is_explained_and_nothing_is_written(client_a, store_a, category):
    response = client_a.post("/fr/dashboard/products/new/", product_post(category, **{"variants-0-price": "-3",
                                                                                      "variants-1-sku": "ARG-50"}))
    assert response.status_code == 200
    assert not Product.objects.filter(merchant=store_a).exists()


def test_publish_and_unpublish(client_a, product_a):
    client_a.post(f"/fr/dashboard/products/{product_a.pk}/publish/", {"published": "0"})
    product_a.refresh_from_db()
    assert not product_a.is_published
    client_a.post(f"/fr/dashboard/products/{product_a.pk}/publish/", {"published": "1"})
    product_a.refresh_from_db()
    assert product_a.is_published


def test_product_list_query_count_does_not_grow_with_the_page(client_a, store_a, category, django_assert_max_num_queries):
    from tests.factories import make_product

    for _ in range(30):
        make_product(store_a, category=category)
    with django_assert_max_num_queries(8):
        assert client_a.get("/fr/dashboard/products/").status_code == 200


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return out.getvalue()


def test_images_are_reencoded_and_fake_images_refused(client_a, product_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = f"/fr/dashboard/products/{product_a.pk}/images/"
    client_a.post(url, {"image": SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png")})
    assert not product_a.images.exists()
    client_a.post(url, {"image": SimpleUploadedFile("photo.png", _png(), content_type="image/png")})
    image = product_a.images.get()
    assert image.image.name.endswith(".jpg") and (image.width, image.height) == (40, 30)


def test_removing_a_photo_deletes_its_row_and_then_its_file(client_a, product_a, settings, tmp_path,
                                                             django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client_a.post(f"/fr/dashboard/products/{product_a.pk}/images/",
                  {"image": SimpleUploadedFile("photo.png", _png(), content_type="image/png")})
    image = product_a.images.get()
    stored = tmp_path / image.image.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"/fr/dashboard/products/{product_a.pk}/images/{image.pk}/delete/")
    assert response.status_code == 302
    assert not product_a.images.exists() and not stored.exists()


def test_staff_cannot_change_settings_bank_details_or_team(store_a, owner_a):
    """Roles limit what a team member may change [DP-SECURITY]."""
    staff = client_for(make_member(store_a, Role.STAFF, email="staff@a.ma"))
    assert staff.get("/fr/dashboard/settings/").status_code == 403
    assert staff.post("/fr/dashboard/settings/bank/", {"rib": "011519000001205000534921"}).status_code == 403
    assert staff.post("/fr/dashboard/team/", {"email": "x@y.ma", "role": "owner"}).status_code == 403
    assert staff.get("/fr/dashboard/products/").status_code == 200
    store_a.refresh_from_db()
    assert store_a.rib == ""


CSV = (
    "slug,category,name_fr,name_ar,name_en,vat_class,is_published,sku,options,price,stock\n"
    "savon-noir,beaute,Savon noir,الصابون البلدي,Black soap,standard,1,SAV-1,size=200 g,35.00,10\n"
    "savon-noir,beaute,Savon noir,الصابون البلدي,Black soap,standard,1,SAV-2,size=500 g,70.00,4\n"
    "ghassoul,beaute,Ghassoul,الغاسول,Rhassoul,standard,1,GHA-1,,45,0\n"
)


def test_import_preview_lists_row_errors_and_writes_nothing(store_a, category):
    bad = CSV + "x,unknown,,,,,1,SAV-1,oops,-1,abc\n"
    plan = import_preview(merchant=store_a, rows=read_rows(name="c.csv", data=bad.encode()))
    assert {e.column for e in plan.errors if e.row == 5} == {"category", "name_fr", "sku", "price", "stock", "options"}
    with pytest.raises(ValueError):
        import_apply(merchant=store_a, plan=plan)
    assert not Product.objects.filter(merchant=store_a).exists()


def test_import_is_all_or_nothing_and_export_round_trips(store_a, category):
    plan = import_preview(merchant=store_a, rows=read_rows(name="c.csv", data=CSV.encode()))
    assert not plan.errors
    result = import_apply(merchant=store_a, plan=plan)
    assert result["products_created"] == 2 and Variant.objects.filter(merchant=store_a).count() == 3
    assert Product.objects.get(merchant=store_a, slug="savon-noir").price == Decimal("35.00")
    for exported, name in ((export_csv(merchant=store_a), "e.csv"), (export_xlsx(merchant=store_a), "e.xlsx")):
        again = import_preview(merchant=store_a, rows=read_rows(name=name, data=exported))
        assert not again.errors and again.variant_count == 3
        assert import_apply(merchant=store_a, plan=again)["products_updated"] == 2


def test_import_pages_preview_then_stream_the_import(client_a, store_a, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client_a.post("/fr/dashboard/products/import/", {"file": SimpleUploadedFile("c.csv", CSV.encode())})
    token = response.context["token"]
    assert not Product.objects.filter(merchant=store_a).exists()  # preview writes nothing
    streamed = client_a.post(f"/fr/dashboard/products/import/{token}/apply/")
    body = b"".join(streamed.streaming_content).decode()
    assert "import-done" in body and "<progress" in body
    assert Product.objects.filter(merchant=store_a).count() == 2


def test_home_shows_sales_charts_from_aggregates(client_a, store_a, product_a, django_assert_max_num_queries):
    for i in range(5):
        make_order(store_a, number=f"ARG-{i:06d}", product=product_a, payment_method="cod" if i % 2 else "card")
    with django_assert_max_num_queries(10):
        response = client_a.get("/fr/dashboard/")
    page = response.content.decode()
    assert "<svg" in page and response.context["sales"]["orders"] == 5
    assert response.context["top_products"][0]["quantity"] == 10


def test_orders_list_filters_and_detail_timeline(client_a, store_a, product_a):
    make_order(store_a, number="ARG-000001", product=product_a, payment_method="cod")
    make_order(store_a, number="ARG-000002", product=product_a, payment_method="card", email="autre@example.ma")
    page = client_a.get("/fr/dashboard/orders/?payment=cod").content.decode()
    assert "ARG-000001" in page and "ARG-000002" not in page
    assert "ARG-000002" in client_a.get("/fr/dashboard/orders/?q=autre").content.decode()
    client_a.post("/fr/dashboard/orders/ARG-000001/", {"to_status": "confirmed"})
    client_a.post("/fr/dashboard/orders/ARG-000001/", {"to_status": "shipped"})
    assert store_a.orders.get(number="ARG-000001").status == "shipped"
    assert client_a.get("/fr/dashboard/orders/ARG-000001/slip/").status_code == 200
    assert "autre@example.ma" in client_a.get("/fr/dashboard/customers/").content.decode()


def test_import_refuses_published_rows_while_the_store_has_no_delivery_method(store_a, owner_a, category):
    """A store that cannot deliver publishes nothing, by form or by file (no public product is unorderable)."""
    from tijara.shipping.models import ShippingMethod
    from tijara.shipping.services import shipping_method_delete

    for method_id in ShippingMethod.objects.filter(merchant=store_a).values_list("pk", flat=True):
        shipping_method_delete(actor=owner_a.memberships.get(), method_id=method_id)
    plan = import_preview(merchant=store_a, rows=read_rows(name="c.csv", data=CSV.encode()))
    published_rows = {e.row for e in plan.errors if e.column == "is_published"}
    assert published_rows and all(e.column == "is_published" for e in plan.errors)
    unpublished = CSV.replace(",1,", ",0,")
    assert not import_preview(merchant=store_a, rows=read_rows(name="c.csv", data=unpublished.encode())).errors


def test_searching_by_name_keeps_each_product_variant_count_and_stock(store_a, category):
    """A search that may also match a SKU must not count a product's variants (or stock) several times."""
    from tests.factories import make_product
    from tijara.catalog.selectors import merchant_product_page

    make_product(store_a, fr="Huile d'argan bio", prices=("10.00", "20.00", "30.00"), stock=5)
    (found,) = merchant_product_page(store_a, query="huile").object_list
    assert (found.variant_count, found.total_stock) == (3, 15)


def test_publishing_never_redirects_off_site(client_a, product_a):
    response = client_a.post(f"/fr/dashboard/products/{product_a.pk}/publish/",
                             {"published": "1", "next": "https://evil.example/phish"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil.example")
