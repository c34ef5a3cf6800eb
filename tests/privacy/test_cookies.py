"""Only strictly necessary cookies, set without asking, and a banner that says so [DP-COOKIES]."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
# Session (sign-in, cart), CSRF protection, language, one-time messages and the banner's own dismissal.
NECESSARY = {"sessionid", "csrftoken", "django_language", "messages", "cookie_notice"}


def test_browsing_and_buying_set_only_necessary_cookies(client, shop):
    from tests.checkout.test_pages import add

    pages = [reverse("storefront:home"), reverse("storefront:stores"), reverse("storefront:search"),
             reverse("storefront:store", args=[shop["argan"].slug]), reverse("storefront:signup"),
             reverse("storefront:privacy")]
    for url in pages:
        client.get(url)
    add(client, shop["oil"], 1)
    client.get(reverse("storefront:checkout"))
    assert set(client.cookies) <= NECESSARY, set(client.cookies) - NECESSARY


def test_the_banner_says_so_until_dismissed(client):
    home = client.get(reverse("storefront:home")).content.decode()
    assert 'class="cookie-banner"' in home
    assert "Aucun cookie publicitaire" in home  # says what it uses, in the visitor's language
    response = client.get(reverse("storefront:privacy_cookies") + "?next=/fr/stores/")
    assert response.status_code == 302 and response.url == "/fr/stores/"
    assert 'class="cookie-banner"' not in client.get(reverse("storefront:home")).content.decode()


def test_the_dismiss_link_never_redirects_off_site(client):
    response = client.get(reverse("storefront:privacy_cookies") + "?next=https://evil.example/")
    assert response.status_code == 302 and response.url == reverse("storefront:home")
