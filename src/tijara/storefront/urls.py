from django.urls import path

from tijara.storefront import views, views_legal

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("stores/", views.store_list, name="stores"),
    path("store/<slug:slug>/", views.store_detail, name="store"),
    path("store/<slug:store_slug>/p/<slug:product_slug>/", views.product_detail, name="product"),
    path("store/<slug:slug>/terms/", views_legal.store_terms, name="store_terms"),
    path("store/<slug:slug>/terms.pdf", views_legal.store_terms_pdf, name="store_terms_pdf"),
    path("store/<slug:slug>/legal-notice/", views_legal.store_legal_notice, name="store_legal_notice"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("search/", views.search, name="search"),
]

from tijara.storefront.urls_shop import urlpatterns as shop_urlpatterns  # noqa: E402

urlpatterns += shop_urlpatterns
