"""Merchant back-office and platform review queue (issue 4). Placeholder until that work lands."""

from django.http import HttpResponse
from django.urls import path

app_name = "dashboard"


def placeholder(request, *args, **kwargs):
    return HttpResponse("coming soon", status=501)


urlpatterns = [path("", placeholder, name="home")]
