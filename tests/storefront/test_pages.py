import re

import pytest
from django.utils.translation import override

from tests.factories import make_product


def html(response) -> str:
    return response.content.decode()


def test_root_redirects_to_french(client, shop):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/fr/"


@pytest.mark.parametrize("lang,direction", [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")])
def test_every_page_exists_in_three_languages_with_direction(client, shop, lang, direction):
    """Every public page exists in Arabic, right to left, and in French [CP-ARABIC]."""
    for path in ["", "stores/", "store/argania/", "category/beaute/", "store/argania/p/huile-argan/",
                 "search/?q=argan"]:
        response = client.get(f"/{lang}/{path}")
        assert response.status_code == 200, path
        assert f'<html lang="{lang}" dir="{direction}">' in html(response)


def test_home_shows_featured_stores_and_products(client, shop):
    page = html(client.get("/fr/"))
    assert "Argania" in page and "Huile d&#x27;argan cosmétique" in page


def test_arabic_page_shows_arabic_name_and_falls_back_to_french(client, shop):
    page = html(client.get("/ar/store/argania/"))
    assert "زيت أركان تجميلي" in page
    english = html(client.get("/en/store/argania/"))
    assert "Cosmetic argan oil" in english
    assert "Savon noir" in english  # no English name: French fallback


def test_language_switcher_keeps_the_visitor_on_the_same_page(client, shop):
    page = html(client.get("/fr/store/argania/p/huile-argan/"))
    assert 'href="/ar/store/argania/p/huile-argan/"' in page
    assert 'href="/en/store/argania/p/huile-argan/"' in page


def test_search_is_accent_and_case_insensitive(client, shop):
    page = html(client.get("/fr/search/", {"q": "HUILE ARGAN"}))
    assert "Huile d&#x27;argan cosmétique" in page
    assert "Table en zellige" not in page
    assert "Table en zellige" in html(client.get("/fr/search/", {"q": "zéllige"}))


def test_search_finds_arabic_names_without_diacritics(client, shop):
    page = html(client.get("/ar/search/", {"q": "اركان"}))
    assert "زيت أركان تجميلي" in page


def test_pending_merchants_and_unpublished_products_are_not_public(client, shop):
    page = html(client.get("/fr/search/", {"q": "argan"}))
    assert "cachée" not in page and "brouillon" not in page
    assert client.get("/fr/store/en-attente/").status_code == 404
    assert client.get("/fr/store/en-attente/p/cachee/").status_code == 404
    assert client.get("/fr/store/argania/p/brouillon/").status_code == 404


def test_category_page_includes_subcategories(client, shop):
    page = html(client.get("/fr/category/beaute/"))
    assert "Huile d&#x27;argan cosmétique" in page and "Savon noir" in page and "Table en zellige" not in page


def test_product_page_shows_ht_vat_split_and_stock(client, shop):
    """Prices TTC in dirhams [CP-PRICE-TTC], with the HT base and the VAT shown apart [TAX-VAT-SHOWN]."""
    page = html(client.get("/fr/store/argania/p/huile-argan/"))
    assert "150,00\xa0MAD" in page  # TTC
    assert "125,00\xa0MAD" in page  # HT at 20 %
    assert "25,00\xa0MAD" in page  # VAT


@pytest.mark.parametrize("lang, heading", [("fr", "À propos du vendeur"), ("ar", "عن البائع")])
def test_product_page_shows_who_sells_it(client, shop, lang, heading):
    """[CP-SELLER-IDENTITY] The full seller identity on the product page: legal name and form, office with city,
    phone, e-mail, ICE, RC with its court registry, IF, taxe professionnelle and the licence."""
    seller = shop["argan"]
    seller.legal_name, seller.address, seller.phone = "Argania Coopérative SARL", "7 Derb Sidi Bouloukat", "+212524001122"
    seller.rc_number, seller.rc_tribunal, seller.if_number = "45678", "Agadir", "40123456"
    seller.professional_tax, seller.licence = "52012345", "ONSSA AS.2020.77"
    seller.save(update_fields=["legal_name", "address", "phone", "rc_number", "rc_tribunal", "if_number",
                               "professional_tax", "licence"])
    page = html(client.get(f"/{lang}/store/argania/p/huile-argan/"))
    box = re.search(r'<section class="seller-box"[^>]*>(.*?)</section>', page, re.DOTALL).group(1)
    city = seller.city.name_ar if lang == "ar" else seller.city.name_fr
    assert heading in box
    assert "Argania Coopérative SARL (SARL)" in box
    assert f"7 Derb Sidi Bouloukat, {city}" in box
    for value in ("+212524001122", seller.email, seller.ice, "40123456", "52012345"):
        assert f'<bdi dir="ltr">{value}</bdi>' in box, value
    assert "45678" in box and "Agadir" in box
    assert "ONSSA AS.2020.77" in box


@pytest.mark.parametrize("sort,first", [("price_asc", "Savon noir"), ("price_desc", "Table en zellige")])
def test_sorting_by_price(client, shop, sort, first):
    page = html(client.get("/fr/search/", {"sort": sort}))
    names = ["Savon noir", "Table en zellige", "Huile d&#x27;argan cosmétique"]
    positions = sorted((page.index(n), n) for n in names)
    assert positions[0][1] == first


@pytest.mark.parametrize("params", [{"page": "999"}, {"page": "abc"}, {"page": "-3"}, {"sort": "bogus"},
                                    {"per_page": "100000"}, {"per_page": "x"}, {"q": "x" * 5000}])
def test_bad_listing_parameters_give_the_nearest_valid_page_not_an_error(client, shop, params):
    response = client.get("/fr/search/", params)
    assert response.status_code == 200


def test_unknown_slugs_give_a_styled_404_in_the_visitors_language(client, shop):
    for lang, text in [("fr", "Cette boutique n&#x27;existe pas"), ("ar", "هذا المتجر غير موجود"),
                       ("en", "This store does not exist")]:
        response = client.get(f"/{lang}/store/nope/")
        assert response.status_code == 404
        assert text in html(response)
        assert f'lang="{lang}"' in html(response)
    assert client.get("/fr/category/nope/").status_code == 404
    assert client.get("/ar/no/such/page/").status_code == 404
    assert 'dir="rtl"' in html(client.get("/ar/no/such/page/"))


def test_interface_is_translated(client, shop):
    assert "Rechercher" in html(client.get("/fr/"))
    assert "بحث" in html(client.get("/ar/"))
    assert "Search" in html(client.get("/en/"))


@pytest.mark.parametrize("per_page", [5, 50])
def test_listing_pages_run_a_constant_number_of_queries(client, shop, django_assert_max_num_queries, per_page):
    for i in range(60):
        make_product(shop["argan"], category=shop["oils"], fr=f"Huile {i}", slug=f"huile-{i}")
    for path in ["/fr/search/", "/fr/category/beaute/", "/fr/store/argania/", "/fr/"]:
        with django_assert_max_num_queries(8):
            response = client.get(path, {"per_page": per_page, "q": "huile" if "search" in path else ""})
        assert response.status_code == 200


def test_product_page_query_count_does_not_grow_with_variants(client, shop, django_assert_max_num_queries):
    make_product(shop["argan"], category=shop["oils"], slug="many", prices=tuple(f"{i}0.00" for i in range(1, 30)))
    with django_assert_max_num_queries(6):
        assert client.get("/fr/store/argania/p/many/").status_code == 200


def test_translated_names_read_with_fallback(shop):
    with override("ar"):
        assert shop["soap"].name == "الصابون البلدي"
    with override("en"):
        assert shop["soap"].name == "Savon noir"


def test_a_suspended_stores_pages_say_it_is_closed(client, shop):
    shop["fes"].status = "suspended"
    shop["fes"].save(update_fields=["status"])
    for path in ["/fr/store/zellige-fassi/", "/fr/store/zellige-fassi/p/table-zellige/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "temporairement fermée" in html(response)
    assert "Table en zellige" not in html(client.get("/fr/search/", {"q": "zellige"}))
