"""`{% privacy_notice "checkout" merchant_id %}` renders privacy/_notice.html with the current notice [DP-NOTICE]."""

from django import template
from django.conf import settings

from tijara.privacy.selectors import notice_current

register = template.Library()


@register.inclusion_tag("privacy/_notice.html")
def privacy_notice(form: str, merchant_id: int | None = None) -> dict:
    return {"notice": notice_current(merchant_id, form)}


@register.inclusion_tag("privacy/_cookie_banner.html", takes_context=True)
def cookie_banner(context: template.Context) -> dict:
    """Shown until dismissed; says only strictly necessary cookies are used (no consent needed) [DP-COOKIES]."""
    request = context.get("request")
    dismissed = bool(request and request.COOKIES.get(COOKIE_NOTICE))
    return {"show": not dismissed, "next": request.get_full_path() if request else "/",
            "SITE_NAME": settings.TIJARA_SITE_NAME}


COOKIE_NOTICE = "cookie_notice"
