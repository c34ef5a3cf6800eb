import pytest
from django.core.cache import cache

from tests.factories import make_product


@pytest.fixture
def cached(settings):
    settings.TIJARA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def test_cookieless_visitors_share_one_rendering(client, shop, cached, django_assert_num_queries):
    first = client.get("/fr/search/", {"q": "argan"})
    with django_assert_num_queries(0):
        second = client.get("/fr/search/", {"q": "argan"})
    assert second.content == first.content


def test_each_language_and_query_is_cached_apart(client, shop, cached):
    assert "Résultats" in client.get("/fr/search/", {"q": "argan"}).content.decode()
    assert "نتائج" in client.get("/ar/search/", {"q": "argan"}).content.decode()
    assert "Table en zellige" in client.get("/fr/search/", {"q": "zellige"}).content.decode()


def test_visitors_with_a_cookie_always_get_a_fresh_page(client, shop, cached):
    client.get("/fr/store/argania/")
    make_product(shop["argan"], fr="Nouveau produit du jour", slug="nouveau")
    client.cookies["sessionid"] = "x"
    assert "Nouveau produit du jour" in client.get("/fr/store/argania/").content.decode()


def test_errors_are_not_cached(client, shop, cached):
    assert client.get("/fr/store/nope/").status_code == 404
    assert client.get("/fr/store/nope/").status_code == 404


def test_listing_counts_are_remembered_for_a_minute(client, shop, settings, django_assert_num_queries):
    settings.TIJARA_COUNT_CACHE_SECONDS = 60
    cache.clear()
    client.get("/fr/search/", {"q": "zellige"})
    client.cookies["sessionid"] = "x"  # no page cache: the page renders, only the COUNT is reused
    with django_assert_num_queries(1):
        response = client.get("/fr/search/", {"q": "ZELLIGE", "page": 1})
    assert "1 produit" in response.content.decode() and "Table en zellige" in response.content.decode()
    cache.clear()
