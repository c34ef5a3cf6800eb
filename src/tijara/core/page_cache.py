"""Short-lived cache of public pages for visitors without cookies (no session, no cart, no sign-in).

Such a visitor sees exactly what every other cookie-less visitor sees at that URL, so one rendering can
serve them all for a few seconds. Anyone with a cookie gets a fresh page; so does every non-GET request.
Prices and stock on a cached page may be TIJARA_PAGE_CACHE_SECONDS old; checkout re-reads both.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language


def public_page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.TIJARA_PAGE_CACHE_SECONDS
        if seconds <= 0 or request.method not in ("GET", "HEAD") or request.COOKIES:
            return view(request, *args, **kwargs)
        path = request.get_full_path().encode()
        key = f"page:{get_language()}:{hashlib.blake2b(path, digest_size=16).hexdigest()}"
        cache = caches["default"]
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, response, seconds)
        return response

    return wrapper
