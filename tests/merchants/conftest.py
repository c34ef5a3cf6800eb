from tests.dashboard.conftest import (  # noqa: F401
    category,
    client_a,
    owner_a,
    owner_b,
    product_a,
    product_b,
    reviewer,
    store_a,
    store_b,
)
