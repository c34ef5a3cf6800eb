from tests.storefront.conftest import shop  # noqa: F401  (same catalogue for API tests)
