"""The JSON API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from tijara.api.aftersale import buyer_router as aftersale_buyer_router
from tijara.api.aftersale import merchant_router as aftersale_merchant_router
from tijara.api.catalog import router as catalog_router
from tijara.api.checkout import router as checkout_router
from tijara.api.checkout_payments import router as checkout_payments_router
from tijara.api.errors import install_error_handlers
from tijara.api.fulfilment import router as fulfilment_router
from tijara.api.merchant import router as merchant_router
from tijara.api.merchant_payments import router as merchant_payments_router
from tijara.api.observatory import router as observatory_router
from tijara.api.openapi import TijaraApi
from tijara.api.remittances import router as remittances_router

api = TijaraApi(
    title="tijara API",
    version="1",
    description="Public catalogue of Moroccan stores on tijara. Prices are decimal strings in MAD, VAT included.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/", catalog_router)
api.add_router("/", checkout_router)
api.add_router("/", checkout_payments_router)
api.add_router("/", aftersale_buyer_router)
api.add_router("/merchant", aftersale_merchant_router)
api.add_router("/merchant", merchant_router)
api.add_router("/merchant", merchant_payments_router)
api.add_router("/merchant", fulfilment_router)
api.add_router("/merchant", remittances_router)
api.add_router("/observatory", observatory_router)
