"""Merchant order pages; mount with include("tijara.orders.urls_merchant") at /<lang>/dashboard/orders/."""

from django.urls import path

from tijara.orders import views_merchant as views

app_name = "merchant_orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("<str:number>/", views.order_detail, name="detail"),
    path("<str:number>/move/", views.order_move, name="move"),
]
