"""The cart badge costs nothing for visitors without a cart."""

import pytest
from django.test import RequestFactory

from tijara.cart.context_processors import cart

pytestmark = pytest.mark.django_db


def test_visitor_without_cart_runs_no_query(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/fr/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert str(cart(request)["cart_count"]) == "0"


def test_guest_with_cart_sees_item_count(client, shop):
    client.post("/fr/cart/add/", {"variant_id": shop["oil"].pk, "quantity": 3})
    request = RequestFactory().get("/fr/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.COOKIES["sessionid"] = client.cookies["sessionid"].value
    request.session = client.session
    assert str(cart(request)["cart_count"]) == "3"
