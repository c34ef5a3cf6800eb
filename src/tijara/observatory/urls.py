from django.urls import path, re_path

from . import views

app_name = "observatory"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^download/(?P<what>series|figures)\.(?P<fmt>[a-z]+)$", views.download, name="download"),
    re_path(r"^bulletin/(?P<period>[0-9A-Za-z-]{4,8})\.pdf$", views.bulletin, name="bulletin"),
]
