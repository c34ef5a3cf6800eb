"""The key that lets a buyer back onto a checkout's payment pages from the gateway's cross-site return.

The gateway posts the buyer back from another site, so the session cookie may not come with it; the return
URLs carry this key instead. One derivation for the storefront and the API.
"""

import uuid
from collections.abc import Callable

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from tijara.payments.services import CardUrls

ACCESS_SALT = "tijara.checkout-group-access"


def checkout_access_key(group: uuid.UUID | str) -> str:
    return salted_hmac(ACCESS_SALT, str(group)).hexdigest()[:32]


def checkout_access_key_valid(group: uuid.UUID | str, key: str) -> bool:
    return bool(key) and constant_time_compare(key, checkout_access_key(group))


def card_urls(group: uuid.UUID, absolute: Callable[[str], str]) -> CardUrls:
    """The gateway's return, failure and callback URLs for a checkout (the return pages carry the access key).

    `absolute` turns a path into an absolute URL (a request's `build_absolute_uri`), so the storefront and the
    API send the gateway the very same addresses.
    """
    query = f"?k={checkout_access_key(group)}"
    return CardUrls(
        ok_url=absolute(reverse("storefront:checkout_pay_ok", kwargs={"group": group})) + query,
        fail_url=absolute(reverse("storefront:checkout_pay_fail", kwargs={"group": group})) + query,
        callback_url=absolute(reverse("cmi_callback")),
        shop_url=absolute(reverse("storefront:home")),
    )
