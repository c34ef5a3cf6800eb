"""Merchant back-office (/<lang>/dashboard/) and the platform review queue (/<lang>/dashboard/review/).

Every route with an id is covered by tests/security/test_tenant_isolation.py, which walks this list.
"""

from django.urls import path

from tijara.dashboard import views, views_orders

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.DashboardLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", views.signup, name="signup"),
    path("signup/verify/<str:token>/", views.verify_email, name="verify_email"),
    path("signup/resend/", views.resend_verification, name="resend_verification"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:merchant_id>/", views.review_detail, name="review_detail"),
    path("products/", views.product_list, name="products"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:product_id>/", views.product_edit, name="product_edit"),
    path("products/<int:product_id>/publish/", views.product_publish, name="product_publish"),
    path("products/<int:product_id>/images/", views.product_image_upload, name="product_image_upload"),
    path("products/<int:product_id>/images/<int:image_id>/delete/", views.product_image_delete,
         name="product_image_delete"),
    path("products/import/", views.import_upload, name="import"),
    path("products/import/<str:token>/apply/", views.import_apply, name="import_apply"),
    path("products/export.<str:fmt>", views.export_catalogue, name="export"),
    path("orders/", views_orders.order_list, name="orders"),
    path("orders/<str:number>/", views_orders.order_detail, name="order_detail"),
    path("orders/<str:number>/slip/", views_orders.delivery_slip, name="delivery_slip"),
    path("customers/", views_orders.customer_list, name="customers"),
    path("customers/<str:email>/", views_orders.customer_detail, name="customer_detail"),
    path("team/", views.team, name="team"),
    path("team/<int:membership_id>/role/", views.team_member_role, name="team_member_role"),
    path("team/<int:membership_id>/remove/", views.team_member_remove, name="team_member_remove"),
    path("settings/", views.store_settings, name="settings"),
    path("settings/bank/", views.bank_settings, name="bank_settings"),
    path("settings/shipping/new/", views.shipping_method_create, name="shipping_method_create"),
    path("settings/shipping/<int:method_id>/", views.shipping_method_edit, name="shipping_method_edit"),
    path("settings/shipping/<int:method_id>/delete/", views.shipping_method_delete, name="shipping_method_delete"),
]
