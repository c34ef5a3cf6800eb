"""Merchant back-office (/<lang>/dashboard/) and the platform review queue (/<lang>/dashboard/review/).

Every route with an id is covered by tests/security/test_tenant_isolation.py, which walks this list.
"""

from django.urls import path

from tijara.dashboard.views import (
    auth,
    customers,
    home,
    imports,
    invoices,
    onboarding,
    orders,
    payouts,
    products,
    review,
    settings,
    shipping,
    team,
    terms,
)

app_name = "dashboard"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.DashboardLoginView.as_view(), name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("signup/", auth.signup, name="signup"),
    path("signup/verify/<str:token>/", auth.verify_email, name="verify_email"),
    path("signup/resend/", auth.resend_verification, name="resend_verification"),
    path("onboarding/", onboarding.onboarding, name="onboarding"),
    path("invitation/<str:token>/", team.accept_invitation, name="accept_invitation"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:merchant_id>/", review.review_detail, name="review_detail"),
    path("review/identity-gaps/", review.identity_gaps, name="identity_gaps"),
    path("payouts/", payouts.payout_balances, name="payout_balances"),
    path("payouts/transfers.csv", payouts.payout_transfers, name="payout_transfers"),
    path("payouts/stores/<int:merchant_id>/", payouts.payout_merchant, name="payout_merchant"),
    path("payouts/<int:payout_id>/statement.pdf", payouts.payout_statement, name="payout_statement"),
    path("payouts/<int:payout_id>/paid/", payouts.payout_mark_paid, name="payout_mark_paid"),
    path("ledger/", payouts.ledger, name="ledger"),
    path("ledger/statements/<int:payout_id>.pdf", payouts.ledger_statement, name="ledger_statement"),
    path("products/", products.product_list, name="products"),
    path("products/new/", products.product_create, name="product_create"),
    path("products/<int:product_id>/", products.product_edit, name="product_edit"),
    path("products/<int:product_id>/publish/", products.product_publish, name="product_publish"),
    path("products/<int:product_id>/images/", products.product_image_upload, name="product_image_upload"),
    path("products/<int:product_id>/images/<int:image_id>/delete/", products.product_image_delete,
         name="product_image_delete"),
    path("products/import/", imports.import_upload, name="import"),
    path("products/import/<str:token>/apply/", imports.import_apply, name="import_apply"),
    path("products/export.<str:fmt>", imports.export_catalogue, name="export"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/<str:number>/", orders.order_detail, name="order_detail"),
    path("orders/<str:number>/slip/", orders.delivery_slip, name="delivery_slip"),
    path("orders/<str:number>/documents/<str:document>.pdf", invoices.order_document, name="order_document"),
    path("orders/<str:number>/refund/", orders.order_refund, name="order_refund"),
    path("orders/<str:number>/transfer-received/", orders.order_transfer_received, name="order_transfer_received"),
    path("customers/", customers.customer_list, name="customers"),
    path("terms/", terms.terms_edit, name="terms"),
    path("customers/<str:email>/", customers.customer_detail, name="customer_detail"),
    path("team/", team.team, name="team"),
    path("team/<int:membership_id>/role/", team.team_member_role, name="team_member_role"),
    path("team/<int:membership_id>/remove/", team.team_member_remove, name="team_member_remove"),
    path("settings/", settings.store_settings, name="settings"),
    path("settings/bank/", settings.bank_settings, name="bank_settings"),
    path("settings/shipping/new/", shipping.shipping_method_create, name="shipping_method_create"),
    path("settings/shipping/<int:method_id>/", shipping.shipping_method_edit, name="shipping_method_edit"),
    path("settings/shipping/<int:method_id>/delete/", shipping.shipping_method_delete,
         name="shipping_method_delete"),
]
