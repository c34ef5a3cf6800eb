"""Who may do what: the one roles matrix of tijara [SEC-ROLES-MATRIX], read by views, API handlers, services
and the generated page docs/security/permissions.md (`tijara permissions_doc`).

Roles: a customer (any signed-in account), the three seats of a merchant's team (owner, manager, staff: the
membership's `role`), and three platform roles held through Django auth groups of the same name (reviewer,
admin, observatory analyst). A superuser is a platform admin; so is a staff account (`is_staff`) that is in no
platform group (the accounts made before the roles existed); put it in a group to narrow it.
"""

from django.utils.translation import gettext_lazy as _

from tijara.merchants.models import MerchantMembership, Role

CUSTOMER = "customer"
PLATFORM_REVIEWER = "platform_reviewer"
PLATFORM_ADMIN = "platform_admin"
OBSERVATORY_ANALYST = "observatory_analyst"
PLATFORM_ROLES = (PLATFORM_REVIEWER, PLATFORM_ADMIN, OBSERVATORY_ANALYST)
MERCHANT_ROLES = (Role.OWNER, Role.MANAGER, Role.STAFF)
ROLES: dict[str, object] = {
    CUSTOMER: _("Customer"),
    Role.OWNER: _("Merchant owner"),
    Role.MANAGER: _("Merchant manager"),
    Role.STAFF: _("Merchant staff"),
    PLATFORM_REVIEWER: _("Platform reviewer"),
    PLATFORM_ADMIN: _("Platform admin"),
    OBSERVATORY_ANALYST: _("Observatory analyst"),
}

# Every action the code checks, with what it allows (English: the generated page is for the team).
ACTIONS: dict[str, str] = {
    "account.manage": "Manage one's own account, addresses and sign-in security (every signed-in user).",
    "orders.own": "See one's own orders and ask for a withdrawal or a refund on them.",
    "dashboard.view": "Open the store's back-office home.",
    "catalog.edit": "Create, edit, publish, import and export the store's products.",
    "orders.manage": "See and move the store's orders (confirm, ship, deliver, cancel), documents and slips.",
    "customers.view": "See the store's customers and their orders (personal data).",
    "payments.manage": "Refund, and confirm that a bank transfer was received (money leaves or is declared received).",
    "ledger.view": "See the store's ledger and payout statements.",
    "settings.edit": "Change the store's settings and shipping methods.",
    "bank.edit": "Change the bank details payouts go to.",
    "terms.edit": "Publish the store's terms of sale (the contract every buyer accepts).",
    "team.manage": "Invite, remove and change the role of team members.",
    "tokens.manage": "Create and revoke the store's API tokens.",
    "platform.staff": "Open the platform back-office pages shared by its staff.",
    "merchants.review": "Validate, reject or suspend stores; follow up stores with identity gaps.",
    "payouts.manage": "Pay stores out: balances, transfer files, statements, marking payouts paid.",
    "audit.view": "Read the security audit trail.",
    "incidents.manage": "Keep the incident register and record the DGSSI and customer notifications.",
    "observatory.view": "Read the e-commerce observatory's published figures (public: everyone may).",
}

# Actions a role may perform; anything not listed is refused.
_MERCHANT_COMMON = frozenset({"account.manage", "orders.own", "observatory.view"})
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    CUSTOMER: _MERCHANT_COMMON,
    Role.OWNER: _MERCHANT_COMMON | {
        "catalog.edit", "orders.manage", "customers.view", "dashboard.view",
        "settings.edit", "bank.edit", "team.manage", "payments.manage", "ledger.view", "terms.edit",
        "tokens.manage",
    },
    Role.MANAGER: _MERCHANT_COMMON | {
        "catalog.edit", "orders.manage", "customers.view", "dashboard.view", "settings.edit", "payments.manage",
        "ledger.view", "terms.edit", "tokens.manage",
    },
    Role.STAFF: _MERCHANT_COMMON | {"catalog.edit", "orders.manage", "customers.view", "dashboard.view"},
    PLATFORM_REVIEWER: _MERCHANT_COMMON | {"platform.staff", "merchants.review"},
    PLATFORM_ADMIN: _MERCHANT_COMMON | {
        "platform.staff", "merchants.review", "payouts.manage", "audit.view", "incidents.manage",
    },
    OBSERVATORY_ANALYST: _MERCHANT_COMMON,
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


def platform_roles(user: object) -> frozenset[str]:
    """The platform roles of a user (cached on the user object: one query per request at most)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return frozenset()
    cached = getattr(user, "_tijara_platform_roles", None)
    if cached is not None:
        return cached
    if getattr(user, "is_superuser", False):
        roles = frozenset({PLATFORM_ADMIN})
    else:
        roles = frozenset(user.groups.filter(name__in=PLATFORM_ROLES).values_list("name", flat=True))
        if not roles and getattr(user, "is_staff", False):
            roles = frozenset({PLATFORM_ADMIN})
    user._tijara_platform_roles = roles
    return roles


def platform_can(user: object, action: str) -> bool:
    """Whether one of the user's platform roles allows `action` (platform back-office pages)."""
    return any(role_can(role, action) for role in platform_roles(user))


def require_platform(user: object, action: str) -> None:
    """Raise PermissionRefused unless a platform role of the user allows `action` (services call this)."""
    if not platform_can(user, action):
        raise PermissionRefused(action)
