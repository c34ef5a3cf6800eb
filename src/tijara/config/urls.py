import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from tijara.api.gateway import cmi_callback
from tijara.api.urls import api
from tijara.core.media import media_serve
from tijara.core.views import bench_floor, healthz
from tijara.dashboard.views.auth import admin_login
from tijara.storefront.views_privacy import unsubscribe

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("payments/cmi/callback/", cmi_callback, name="cmi_callback"),  # the gateway, server to server
    path("payments/cmi/callback", cmi_callback),  # a POST cannot follow the slash redirect
    path("admin/login/", admin_login),  # one sign-in for staff: locked after failures, second factor [SEC-AUTH-2FA]
    path("admin/", admin.site.urls),
    path("privacy/unsubscribe/<str:token>/", unsubscribe, name="privacy-unsubscribe"),  # in e-mails, any language
]
if settings.TIJARA_SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Public images only (product photos, logos), debug on or off; see core/media.py.
    urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media_serve))
if settings.TIJARA_BENCH:
    urlpatterns.append(path("_bench/floor", bench_floor))
urlpatterns += i18n_patterns(
    path("observatory/", include("tijara.observatory.urls")),
    path("dashboard/", include("tijara.dashboard.urls")),
    path("", include("tijara.storefront.urls")),
    prefix_default_language=True,
)

handler400 = "tijara.storefront.views.error_400"
handler404 = "tijara.storefront.views.error_404"
handler500 = "tijara.storefront.views.error_500"
