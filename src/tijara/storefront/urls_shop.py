"""Cart, checkout and customer account pages (issue 3). Placeholders until that work lands."""

from django.http import HttpResponse
from django.urls import path


def placeholder(request, *args, **kwargs):
    return HttpResponse("coming soon", status=501)


urlpatterns = [
    path("cart/", placeholder, name="cart"),
    path("account/", placeholder, name="account"),
    path("account/login/", placeholder, name="login"),
]
