"""Where a guest's cart lives between requests: its token in the visitor's session."""

CART_SESSION_KEY = "cart_token"
