"""Who may do what in a merchant's back-office. One table, read by views, API handlers and services."""

from tijara.merchants.models import MerchantMembership, Role

# Actions a role may perform; anything not listed is refused. "payments.manage": refunds and confirming that a
# bank transfer was received (money leaves or is declared received). "terms.edit": the terms of sale the store
# publishes (the contract every buyer accepts).
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset({
        "catalog.edit", "orders.manage", "customers.view", "dashboard.view",
        "settings.edit", "bank.edit", "team.manage", "payments.manage", "ledger.view", "terms.edit",
    }),
    Role.MANAGER: frozenset({
        "catalog.edit", "orders.manage", "customers.view", "dashboard.view", "settings.edit", "payments.manage",
        "ledger.view", "terms.edit",
    }),
    Role.STAFF: frozenset({"catalog.edit", "orders.manage", "customers.view", "dashboard.view"}),
}


class PermissionRefused(Exception):
    """A team member tried an action their role does not allow."""

    def __init__(self, action: str):
        super().__init__(action)
        self.action = action


def role_can(role: str, action: str) -> bool:
    return action in ROLE_PERMISSIONS.get(role, frozenset())


def membership_can(membership: MerchantMembership | None, action: str) -> bool:
    return membership is not None and role_can(membership.role, action)


def require(membership: MerchantMembership | None, action: str) -> None:
    """Raise PermissionRefused unless the member's role allows `action` (services call this)."""
    if not membership_can(membership, action):
        raise PermissionRefused(action)
