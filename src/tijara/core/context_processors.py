from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

LANGUAGE_LABELS = {"fr": "Français", "ar": "العربية", "en": "English"}


def site(request: HttpRequest) -> dict:
    """Site name and, for the language switcher, this same page in each language."""
    path = request.get_full_path()
    links = [
        {"code": code, "label": LANGUAGE_LABELS.get(code, code), "url": translate_url(path, code)}
        for code, _name in settings.LANGUAGES
    ]
    return {"SITE_NAME": settings.TIJARA_SITE_NAME, "language_links": links}
