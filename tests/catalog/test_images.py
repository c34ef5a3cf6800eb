"""Product photos: responsive sizes made once at upload through Django's storage API, and the pages that draw
them (cards, gallery, cart, recap) with WebP sources, a JPEG fallback, srcset and width/height."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from tests.checkout.helpers import shop as checkout_shop  # noqa: F401
from tests.checkout.test_pages import add, details
from tests.factories import make_category, make_merchant, make_product
from tijara.catalog import images
from tijara.catalog.models import Product, ProductImage
from tijara.catalog.services import CatalogError, product_image_add, product_image_delete
from tijara.core.errors import NotFound
from tijara.shipping.services import shipping_defaults_ensure

pytestmark = pytest.mark.django_db


def photo(width: int = 1200, height: int = 900, *, mode: str = "RGB", fmt: str = "JPEG", name: str = "photo.jpg"):
    out = io.BytesIO()
    colour = (200, 40, 40, 0) if mode == "RGBA" else (200, 40, 40)
    Image.new(mode, (width, height), colour).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def memory_storage(settings):
    """Uploads go to Django's in-memory storage: what works here works with any storage backend (object store
    included), because nothing reads or writes the disk behind the storage API's back."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return default_storage


@pytest.fixture
def disk(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def store():
    merchant = make_merchant(name="Argania", slug="argania")
    shipping_defaults_ensure(merchants=[merchant])
    merchant.refresh_from_db()
    return merchant


@pytest.fixture
def product(store):
    return make_product(store, category=make_category("beaute"), slug="huile", fr="Huile d'argan", ar="زيت أركان")


def opened(storage, name: str) -> Image.Image:
    with storage.open(name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def test_an_upload_gets_webp_and_jpeg_copies_at_each_width_up_to_its_own(memory_storage, store, product):
    image = product_image_add(merchant=store, product_id=product.pk, upload=photo(1200, 900))

    assert [s["w"] for s in image.sizes] == [160, 320, 640, 960, 1200]  # never enlarged beyond 1200 px
    for size in image.sizes:
        webp, jpeg = opened(memory_storage, size["webp"]), opened(memory_storage, size["jpeg"])
        assert (webp.format, jpeg.format) == ("WEBP", "JPEG")
        assert webp.size == jpeg.size == (size["w"], size["h"]) and size["h"] == size["w"] * 3 // 4
    assert memory_storage.exists(image.image.name) and (image.width, image.height) == (1200, 900)


def test_a_small_photo_gets_one_size_of_its_own_width(memory_storage, store, product):
    image = product_image_add(merchant=store, product_id=product.pk, upload=photo(100, 50, fmt="PNG",
                                                                                  name="tiny.png"))
    assert [(s["w"], s["h"]) for s in image.sizes] == [(100, 50)]


def test_a_wide_photo_is_capped_at_the_largest_width(memory_storage, store, product):
    image = product_image_add(merchant=store, product_id=product.pk, upload=photo(2000, 1000))
    assert [s["w"] for s in image.sizes] == list(images.WIDTHS)


def test_a_transparent_photo_keeps_its_transparency_in_webp_and_gets_a_white_jpeg(memory_storage, store, product):
    image = product_image_add(merchant=store, product_id=product.pk,
                              upload=photo(400, 400, mode="RGBA", fmt="PNG", name="logo.png"))
    smallest = image.sizes[0]
    assert opened(memory_storage, smallest["webp"]).mode == "RGBA"
    assert opened(memory_storage, smallest["jpeg"]).convert("RGB").getpixel((5, 5)) == (255, 255, 255)


def test_the_first_photo_becomes_the_products_cover_and_the_next_one_when_removed(memory_storage, store, product,
                                                                                  django_capture_on_commit_callbacks):
    first = product_image_add(merchant=store, product_id=product.pk, upload=photo(800, 600))
    second = product_image_add(merchant=store, product_id=product.pk, upload=photo(600, 800))
    product.refresh_from_db()
    assert product.cover == {"w": 800, "h": 600, "src": first.image.name, "sizes": first.sizes}

    files = images.stored_names(first.image.name, first.sizes)
    with django_capture_on_commit_callbacks(execute=True):
        product_image_delete(merchant=store, product_id=product.pk, image_id=first.pk)
    product.refresh_from_db()
    assert product.cover["src"] == second.image.name
    assert not any(memory_storage.exists(name) for name in files)  # original and every copy

    with django_capture_on_commit_callbacks(execute=True):
        product_image_delete(merchant=store, product_id=product.pk, image_id=second.pk)
    product.refresh_from_db()
    assert product.cover == {}


def test_a_refused_upload_or_another_stores_product_leaves_no_file(memory_storage, store, product):
    with pytest.raises(CatalogError):
        product_image_add(merchant=store, product_id=product.pk,
                          upload=SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"))
    other = make_merchant(name="Autre", slug="autre")
    with pytest.raises(NotFound):
        product_image_add(merchant=other, product_id=product.pk, upload=photo(300, 200))
    assert not ProductImage.objects.exists() and _all_files(memory_storage) == []


def _all_files(storage, folder: str = "") -> list[str]:
    dirs, files = storage.listdir(folder)
    prefix = f"{folder}/" if folder else ""
    return [prefix + f for f in files] + [f for d in dirs for f in _all_files(storage, prefix + d)]


def test_two_uploads_with_the_same_name_never_share_a_url(memory_storage, store, product):
    a = product_image_add(merchant=store, product_id=product.pk, upload=photo(300, 200, name="same.jpg"))
    b = product_image_add(merchant=store, product_id=product.pk, upload=photo(300, 200, name="same.jpg"))
    assert not set(images.stored_names(a.image.name, a.sizes)) & set(images.stored_names(b.image.name, b.sizes))


def test_photos_stored_before_sizes_existed_get_them_from_the_command(memory_storage, store, product):
    out = io.BytesIO()
    Image.new("RGB", (700, 350), "blue").save(out, "JPEG")
    name = memory_storage.save("products/2026/01/old.jpg", io.BytesIO(out.getvalue()))
    old = ProductImage.objects.create(merchant=store, product=product, image=name, width=0, height=0)
    Product.objects.filter(pk=product.pk).update(cover={"w": 0, "h": 0, "src": name, "sizes": []})

    call_command("photo_sizes", stdout=io.StringIO())
    old.refresh_from_db()
    product.refresh_from_db()
    assert [s["w"] for s in old.sizes] == [160, 320, 640, 700] and (old.width, old.height) == (700, 350)
    assert product.cover["sizes"] == old.sizes and product.cover["w"] == 700

    before = old.sizes
    call_command("photo_sizes", stdout=io.StringIO())  # a second run changes nothing
    old.refresh_from_db()
    assert old.sizes == before


# --- Pages ---------------------------------------------------------------------------------------

def pictures(html: str) -> list[str]:
    return re.findall(r"<picture.*?</picture>", html, re.S)


def test_cards_draw_the_photo_with_srcset_and_size_and_keep_the_tile_without_one(client, disk, store, product):
    product_image_add(merchant=store, product_id=product.pk, upload=photo(1200, 900))
    make_product(store, category=product.category, slug="savon", fr="Savon noir")  # no photo
    html = client.get("/fr/store/argania/").content.decode()
    [card] = pictures(html)
    assert '<source type="image/webp" srcset="/media/products/' in card and " 160w, " in card and " 1200w" in card
    assert re.search(r'<img src="/media/products/[^"]+-640w\.jpg" srcset="[^"]+\.jpg 160w', card)
    assert 'width="1200" height="900"' in card and 'loading="eager"' in card  # first row: no lazy wait
    assert html.count('class="thumb thumb-beaute"') == 1  # the product without a photo keeps its tile


def test_cards_below_the_first_row_load_lazily(client, disk, store, product):
    for i in range(6):
        p = make_product(store, category=product.category, slug=f"p{i}", fr=f"Produit {i}")
        product_image_add(merchant=store, product_id=p.pk, upload=photo(200, 150))
    cards = pictures(client.get("/fr/store/argania/").content.decode())
    assert [('loading="lazy"' in c) for c in cards] == [False] * 4 + [True] * 2


def test_product_page_shows_a_gallery_of_every_photo(client, disk, store, product, django_assert_max_num_queries):
    for size in ((800, 600), (600, 800), (500, 500)):
        product_image_add(merchant=store, product_id=product.pk, upload=photo(*size))
    with django_assert_max_num_queries(7):  # the gallery adds one query, whatever the number of photos
        html = client.get("/fr/store/argania/p/huile/").content.decode()
    slides = re.findall(r'<li id="photo-\d">(.*?)</li>', html, re.S)
    assert len(slides) == 3
    assert 'fetchpriority="high"' in slides[0] and 'loading="eager"' in slides[0]
    assert all('loading="lazy"' in s for s in slides[1:])
    assert 'alt="Huile d&#x27;argan, photo 2"' in slides[1]
    assert html.count('href="#photo-') == 3 and 'aria-label="Photo 3 sur 3"' in html
    ar = client.get("/ar/store/argania/p/huile/").content.decode()
    assert "زيت أركان" in re.findall(r'<li id="photo-1">(.*?)</li>', ar, re.S)[0]


def test_a_product_without_photo_keeps_its_placeholder_on_its_page(client, disk, product):
    html = client.get("/fr/store/argania/p/huile/").content.decode()
    assert "<picture" not in html and 'class="thumb large thumb-beaute"' in html


def test_cart_and_recap_show_a_thumbnail(client, disk, checkout_shop):  # noqa: F811
    oil = checkout_shop["oil"]
    product_image_add(merchant=checkout_shop["argan"], product_id=oil.product_id, upload=photo(600, 600))
    add(client, oil, 1)
    add(client, checkout_shop["tile"], 1)
    for url in (reverse("storefront:cart"),):
        html = client.get(url).content.decode()
        [thumb] = pictures(html)
        assert 'class="line-thumb photo"' in thumb and 'sizes="4rem"' in thumb and " 160w" in thumb
        assert 'class="line-thumb thumb"' in html  # the tile without photo
    client.post(reverse("storefront:checkout"), details(checkout_shop))
    recap = client.get(reverse("storefront:checkout_recap")).content.decode()
    assert len(pictures(recap)) == 1 and 'class="line-thumb thumb"' in recap


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_products_with_photos_their_cover_at_once():
    """Photos stored before this version show on cards as soon as the migration ran (sizes come later from the
    command)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    store = make_merchant(name="Argania", slug="argania")
    product = make_product(store, category=make_category("beaute"), slug="huile")
    executor = MigrationExecutor(connection)
    try:
        apps = executor.migrate([("catalog", "0004_product_vat_classes_2024")]).apps
        OldImage = apps.get_model("catalog", "ProductImage")
        for position, name in ((1, "products/2026/01/second.jpg"), (0, "products/2026/01/first.jpg")):
            OldImage.objects.create(merchant_id=store.pk, product_id=product.pk, image=name, width=800, height=600,
                                    position=position)
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    product.refresh_from_db()
    assert product.cover == {"w": 800, "h": 600, "src": "products/2026/01/first.jpg", "sizes": []}
