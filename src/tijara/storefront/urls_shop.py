"""Cart, checkout and customer account pages, in the `storefront` namespace."""

from django.urls import path

from tijara.storefront import views_contract, views_documents, views_orders, views_pay
from tijara.storefront import views_shop as views

urlpatterns = [
    path("cart/", views.cart_page, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/line/<int:line_id>/", views.cart_line, name="cart_line"),
    path("checkout/", views.checkout_details, name="checkout"),
    path("checkout/recap/", views.checkout_recap, name="checkout_recap"),
    path("checkout/confirm/", views.checkout_confirm, name="checkout_confirm"),
    path("checkout/done/<uuid:group>/", views.checkout_done, name="checkout_done"),
    path("checkout/pay/<uuid:group>/", views_pay.checkout_pay, name="checkout_pay"),
    path("checkout/pay/<uuid:group>/ok/", views_pay.checkout_pay_ok, name="checkout_pay_ok"),
    path("checkout/pay/<uuid:group>/fail/", views_pay.checkout_pay_fail, name="checkout_pay_fail"),
    path("checkout/pay/<uuid:group>/state/", views_pay.checkout_pay_status, name="checkout_pay_status"),
    path("checkout/pay/<uuid:group>/cod/", views_pay.checkout_pay_cod, name="checkout_pay_cod"),
    path("account/", views.account, name="account"),
    path("account/login/", views.sign_in, name="login"),
    path("account/signup/", views.sign_up, name="signup"),
    path("account/logout/", views.sign_out, name="logout"),
    path("account/orders/<str:number>/", views.account_order, name="account_order"),
    path("orders/find/", views_orders.order_find, name="order_find"),
    path("orders/<str:number>/", views_orders.guest_order, name="guest_order"),
    path("orders/<str:number>/documents/<str:document>.pdf", views_documents.order_document, name="order_document"),
    path("orders/<str:number>/confirmation.pdf", views_orders.order_confirmation_pdf, name="order_confirmation_pdf"),
    path("orders/<str:number>/contract.zip", views_contract.order_contract_zip, name="order_contract_zip"),
]
