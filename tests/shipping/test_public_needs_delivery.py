"""No public product is unorderable for want of delivery: a store publishes only once it has an active delivery
method, and the products of a store that has none (say it paused its last one) leave the public catalogue,
search, product pages and API until it delivers again."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import make_category, make_merchant, make_product
from tijara.accounts.models import User
from tijara.catalog.models import Product
from tijara.catalog.selectors import public_products
from tijara.catalog.services import CatalogError, product_save, product_set_published
from tijara.merchants.models import MerchantMembership, Role
from tijara.shipping.services import shipping_method_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def store():
    return make_merchant(name="Argania", slug="argania", delivery=False)


@pytest.fixture
def owner(store):
    user = User.objects.create_user("owner@argania.ma", "a long enough pass 42")
    return MerchantMembership.objects.create(merchant=store, user=user, role=Role.OWNER)


def method_save(owner, *, method_id=None, is_active=True):
    return shipping_method_save(
        actor=owner, method_id=method_id, kind="home", names={"fr": "Livraison Amana"}, base_fee="40.00",
        delivery_days_min=1, delivery_days_max=4, is_active=is_active)


def public_views(product) -> dict[str, bool]:
    """Where the public can see `product`: the catalogue home, search, its page, the API list and detail."""
    client = Client()
    page = client.get(f"/fr/store/{product.merchant.slug}/p/{product.slug}/")
    detail = client.get(f"/api/v1/products/{product.pk}")
    return {
        "home": product.name_fr in client.get("/fr/").content.decode(),
        "search": product.name_fr in client.get("/fr/search/", {"q": "zellige"}).content.decode(),
        "page": page.status_code == 200,
        "api list": product.pk in [p["id"] for p in client.get("/api/v1/products", {"q": "zellige"}).json()["items"]],
        "api detail": detail.status_code == 200,
    }


def test_deactivating_the_last_method_hides_the_stores_products_until_it_delivers_again(store, owner):
    method = method_save(owner)
    product = make_product(store, fr="Table en zellige", slug="table-zellige")
    other = make_product(make_merchant(name="Bazar", slug="bazar"), fr="Plateau zellige", slug="plateau")
    assert set(public_views(product).values()) == {True}

    method_save(owner, method_id=method.pk, is_active=False)
    assert set(public_views(product).values()) == {False}
    assert Client().get(f"/fr/store/{store.slug}/p/{product.slug}/").status_code == 404
    assert list(public_products()) == [other]  # the other store, which delivers, is unaffected

    method_save(owner, method_id=method.pk, is_active=True)
    assert set(public_views(product).values()) == {True}


def test_a_store_with_one_active_method_among_paused_ones_stays_public(store, owner):
    method_save(owner, is_active=False)
    method_save(owner, is_active=True)
    product = make_product(store, fr="Table en zellige", slug="table-zellige")
    assert list(public_products()) == [product]


def test_publishing_is_refused_without_an_active_delivery_method(store, owner):
    draft = make_product(store, is_published=False)
    method_save(owner, is_active=False)  # a paused method does not count
    with translation.override("fr"), pytest.raises(CatalogError) as refused:
        product_set_published(merchant=store, product_id=draft.pk, published=True)
    assert refused.value.field == "is_published"
    assert "mode de livraison actif" in refused.value.message
    draft.refresh_from_db()
    assert not draft.is_published

    method_save(owner)
    product_set_published(merchant=store, product_id=draft.pk, published=True)
    draft.refresh_from_db()
    assert draft.is_published


def test_a_new_product_can_be_saved_as_draft_but_not_published_without_delivery(store):
    values = dict(merchant=store, product=None, category=make_category(), names={"fr": "Table en zellige"},
                  descriptions={}, vat_class="standard",
                  variants=[{"sku": "ZEL-1", "price": Decimal("900.00"), "stock": 2, "options": {}}])
    with pytest.raises(CatalogError):
        product_save(is_published=True, **values)
    assert not Product.objects.filter(merchant=store).exists()
    draft = product_save(is_published=False, **values)
    assert not draft.is_published


def test_the_dashboard_says_why_publishing_was_refused(store, owner):
    draft = make_product(store, is_published=False)
    client = Client()
    client.force_login(owner.user)
    response = client.post(f"/fr/dashboard/products/{draft.pk}/publish/", {"published": "1"}, follow=True)
    assert "Ajoutez un mode de livraison actif" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_merchant_api_refuses_a_published_product_without_delivery(store, owner):
    make_category("beaute")
    client = Client()
    client.force_login(owner.user)
    body = {"name_fr": "Huile d'argan", "category": "beaute", "is_published": True,
            "variants": [{"sku": "ARG-1", "price": "99.00", "stock": 3}]}
    response = client.post("/api/v1/merchant/products", json.dumps(body), content_type="application/json")
    assert response.status_code == 409 and response.json()["field"] == "is_published"
    assert not Product.objects.filter(merchant=store).exists()
