"""Customer accounts: sign-up with Argon2, sign-in merges the guest cart, order history."""

import pytest
from django.urls import reverse

from tests.checkout.helpers import fill_details, new_key
from tijara.accounts.models import User
from tijara.cart.models import Cart, CartLine
from tijara.cart.services import cart_create, cart_line_add
from tijara.checkout.services import checkout_confirm, checkout_prepare

pytestmark = pytest.mark.django_db
PASSWORD = "tajine-au-citron-2025"


def test_sign_up_hashes_password_with_argon2(client, db):
    """Passwords are stored as Argon2 hashes, never in clear [DP-SECURITY]."""
    response = client.post(reverse("storefront:signup"),
                           {"email": "Amine@Example.ma", "password": PASSWORD, "full_name": "Amine"})
    assert response.status_code == 302 and response.url == reverse("storefront:login")
    user = User.objects.get()
    assert user.email == "amine@example.ma" and user.password.startswith("argon2")


def test_sign_up_refuses_weak_password_and_keeps_the_existing_account(client, db):
    User.objects.create_user(email="taken@example.ma", password=PASSWORD)
    before = User.objects.get().password
    assert client.post(reverse("storefront:signup"), {"email": "taken@example.ma", "password": "another-long-pass-99"}
                       ).status_code == 302
    assert client.post(reverse("storefront:signup"), {"email": "new@example.ma", "password": "123"}).status_code == 200
    assert User.objects.count() == 1 and User.objects.get().password == before


def test_guest_cart_merges_into_account_on_sign_in(client, shop):
    user = User.objects.create_user(email="amine@example.ma", password=PASSWORD)
    own = cart_create(user=user)
    cart_line_add(cart=own, variant_id=shop["oil"].pk, quantity=1)
    client.post(reverse("storefront:cart_add"), {"variant_id": shop["oil"].pk, "quantity": 2})
    client.post(reverse("storefront:cart_add"), {"variant_id": shop["tile"].pk, "quantity": 1})
    response = client.post(reverse("storefront:login"), {"username": "amine@example.ma", "password": PASSWORD})
    assert response.status_code == 302
    assert Cart.objects.count() == 1
    assert dict(CartLine.objects.values_list("variant_id", "quantity")) == {shop["oil"].pk: 3, shop["tile"].pk: 1}


def test_guest_cart_becomes_the_account_cart(client, shop):
    User.objects.create_user(email="amine@example.ma", password=PASSWORD)
    client.post(reverse("storefront:cart_add"), {"variant_id": shop["oil"].pk, "quantity": 2})
    client.post(reverse("storefront:login"), {"username": "amine@example.ma", "password": PASSWORD})
    assert Cart.objects.get().user.email == "amine@example.ma"
    assert "Argania" in client.get(reverse("storefront:cart")).content.decode()


def test_wrong_password_is_refused(client, db):
    User.objects.create_user(email="amine@example.ma", password=PASSWORD)
    response = client.post(reverse("storefront:login"), {"username": "amine@example.ma", "password": "nope"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_order_history_lists_own_orders_only(client, shop, django_assert_max_num_queries):
    user = User.objects.create_user(email="amine@example.ma", password=PASSWORD)
    cart = cart_create(user=user)
    cart_line_add(cart=cart, variant_id=shop["oil"].pk, quantity=1)
    fill_details(cart)
    (order,) = checkout_confirm(cart=cart, idempotency_key=new_key(),
                                fingerprint=checkout_prepare(cart=cart).fingerprint, user=user)
    client.force_login(user)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("storefront:account"))
    assert order.number in page.content.decode()
    assert client.get(reverse("storefront:account_order", args=[order.number])).status_code == 200
    other = User.objects.create_user(email="other@example.ma", password=PASSWORD)
    client.force_login(other)
    assert order.number not in client.get(reverse("storefront:account")).content.decode()
    assert client.get(reverse("storefront:account_order", args=[order.number])).status_code == 404


def test_account_needs_sign_in(client, db):
    response = client.get(reverse("storefront:account"))
    assert response.status_code == 302 and reverse("storefront:login") in response.url
