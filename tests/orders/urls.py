"""The project's URLs plus the merchant order pages mounted where the dashboard will mount them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from tijara.config.urls import handler400, handler404, handler500  # noqa: F401
from tijara.config.urls import urlpatterns as project

urlpatterns = i18n_patterns(
    path("dashboard/orders/", include("tijara.orders.urls_merchant")), prefix_default_language=True
) + project
