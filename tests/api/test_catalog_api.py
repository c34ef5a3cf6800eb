import pytest

from tests.factories import make_product


def test_stores_lists_only_validated_merchants(client, shop):
    data = client.get("/api/v1/stores").json()
    slugs = {s["slug"] for s in data["items"]}
    assert slugs == {"argania", "zellige-fassi"}
    assert all(s["region_code"] in range(1, 13) for s in data["items"])


def test_product_search_is_accent_insensitive_and_paginated(client, shop):
    data = client.get("/api/v1/products", {"q": "huile argan"}).json()
    assert [p["slug"] for p in data["items"]] == ["huile-argan"]
    assert data["count"] == 1 and data["page"] == 1
    assert data["items"][0]["price"] == "150.00"
    assert data["items"][0]["names"]["ar"] == "زيت أركان تجميلي"


def test_product_detail_lists_variants_with_decimal_string_prices_and_stock(client, shop):
    product = shop["oil"]
    data = client.get(f"/api/v1/products/{product.pk}").json()
    assert data["id"] == product.pk
    assert [(v["price"], v["stock"]) for v in data["variants"]] == [("150.00", 10), ("280.00", 10)]
    assert {"id", "sku", "price", "stock"} <= set(data["variants"][0])
    assert data["vat"] == {"vat_class": "standard", "rate": "20.00", "exempt": False}


def test_unpublished_or_pending_products_are_404_json(client, shop):
    for product in (shop["hidden"], shop["draft"]):
        response = client.get(f"/api/v1/products/{product.pk}")
        assert response.status_code == 404
        assert response.json() == {"message": "product not found", "field": "product_id"}


@pytest.mark.parametrize("params,field", [({"page": "abc"}, "page"), ({"sort": "bogus"}, "sort"),
                                           ({"page_size": "0"}, "page_size"), ({"lang": "de"}, "lang"),
                                           ({"q": "x" * 101}, "q")])
def test_bad_parameters_are_400_json_naming_the_field(client, shop, params, field):
    response = client.get("/api/v1/products", params)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field and body["message"]


def test_unknown_category_filter_is_404_naming_the_field(client, shop):
    response = client.get("/api/v1/products", {"category": "nope"})
    assert response.status_code == 404 and response.json()["field"] == "category"


def test_page_past_the_end_returns_the_last_page(client, shop):
    data = client.get("/api/v1/products", {"page": 99, "page_size": 2}).json()
    assert data["page"] == data["pages"] == 2


def test_openapi_document_describes_the_catalogue(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ["/api/v1/stores", "/api/v1/products", "/api/v1/products/{product_id}", "/api/v1/categories"]:
        assert path in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_api_list_query_count_is_constant(client, shop, django_assert_max_num_queries):
    for i in range(40):
        make_product(shop["argan"], fr=f"Produit {i}", slug=f"p-{i}")
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/products", {"page_size": 50}).status_code == 200
