"""Uploaded photos are served with debug off (as the demo runs): the public image folders only, never a directory
listing, never a file outside them (catalogue imports share the media folder), with a year-long cache."""

import io
import os

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.dashboard.conftest import make_member
from tests.factories import make_category, make_merchant, make_product
from tijara.catalog.services import product_image_add
from tijara.core.media import public_media_name
from tijara.merchants.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def uploaded(media):
    store = make_merchant(name="Argania", slug="argania")
    product = make_product(store, category=make_category("beaute"), slug="huile")
    out = io.BytesIO()
    Image.new("RGB", (500, 400), "green").save(out, "JPEG")
    image = product_image_add(merchant=store, product_id=product.pk,
                              upload=SimpleUploadedFile("huile.jpg", out.getvalue(), content_type="image/jpeg"))
    return {"store": store, "image": image}


def test_debug_is_off_and_every_file_of_an_uploaded_photo_is_served(client, uploaded):
    assert django_settings.DEBUG is False
    image = uploaded["image"]
    names = [image.image.name] + [s[fmt] for s in image.sizes for fmt in ("webp", "jpeg")]
    for name in names:
        response = client.get(f"/media/{name}")
        assert response.status_code == 200, name
        body = b"".join(response.streaming_content)
        assert Image.open(io.BytesIO(body)).format == ("WEBP" if name.endswith(".webp") else "JPEG")
        assert response["Content-Type"] == ("image/webp" if name.endswith(".webp") else "image/jpeg")
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert int(response["Content-Length"]) == len(body)


def test_a_photo_stays_cacheable_for_a_signed_in_person(uploaded):
    """Pages of signed-in people are no-store; the same product photo for everyone is not personal."""
    owner = Client()
    owner.force_login(make_member(uploaded["store"], Role.OWNER))
    response = owner.get(f"/media/{uploaded['image'].sizes[0]['webp']}")
    assert response.status_code == 200 and "no-store" not in response["Cache-Control"]


def test_a_browser_revalidating_gets_not_modified(client, uploaded):
    url = f"/media/{uploaded['image'].sizes[0]['jpeg']}"
    last_modified = client.get(url)["Last-Modified"]
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 304


def test_no_directory_is_listed(client, uploaded):
    folder = uploaded["image"].image.name.rsplit("/", 1)[0]
    for url in ("/media/", "/media/products/", f"/media/{folder}/", f"/media/{folder}", "/media/products"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert uploaded["image"].image.name.rsplit("/", 1)[1] not in response.content.decode()


def test_paths_out_of_the_public_folders_answer_404(client, uploaded, media, tmp_path):
    (tmp_path / "secret.jpg").write_bytes(b"outside the media folder")
    private = media / "imports" / str(uploaded["store"].pk)
    private.mkdir(parents=True)
    (private / "catalogue.csv").write_text("slug,price\nhuile,120\n")
    (private / "photo.jpg").write_bytes(b"a merchant's private upload")
    (media / "products" / "notes.txt").write_text("not an image")
    os.symlink(tmp_path / "secret.jpg", media / "products" / "link.jpg")
    for url in (
        "/media/../secret.jpg", "/media/products/../../secret.jpg", "/media/products/%2e%2e/%2e%2e/secret.jpg",
        "/media/products/..%2f..%2fsecret.jpg", "/media/products%2f..%2f..%2fsecret.jpg",
        "/media/products/..\\..\\secret.jpg", f"/media/{tmp_path}/secret.jpg", f"/media//{tmp_path}/secret.jpg",
        f"/media/imports/{uploaded['store'].pk}/catalogue.csv", f"/media/imports/{uploaded['store'].pk}/photo.jpg",
        f"/media/products/../imports/{uploaded['store'].pk}/photo.jpg", "/media/products/notes.txt",
        "/media/products/link.jpg", "/media/products/nothing-here.jpg", "/media/products/%00.jpg",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content if not response.streaming else b"".join(response.streaming_content)
        assert b"outside the media folder" not in body and b"private upload" not in body and b"huile,120" not in body


def test_only_reads_are_answered(client, uploaded):
    assert client.post(f"/media/{uploaded['image'].image.name}").status_code == 405
    assert client.head(f"/media/{uploaded['image'].image.name}").status_code == 200


@pytest.mark.parametrize("path, allowed", [
    ("products/2026/11/huile-1a2b3c4d-320w.webp", True),
    ("merchants/logos/argania.png", True),
    ("products/2026/11/زيت-1a2b3c4d.jpg", True),
    ("products/./a.jpg", False), ("products//a.jpg", False), ("/products/a.jpg", False),
    ("imports/1/a.jpg", False), ("products/a.svg", False), ("products/a.html", False), ("products/", False),
])
def test_public_media_names(path, allowed):
    assert (public_media_name(path) is not None) is allowed
