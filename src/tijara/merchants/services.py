"""Merchant writes: owner sign-up, application draft and submission, review decisions, team, settings.

Each function is one transaction; emails leave after commit; a refused rule raises a domain error.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tijara.audit.events import AuditEvent
from tijara.audit.services import audit_record
from tijara.merchants import emails, locks
from tijara.merchants.models import (
    DecisionAction,
    Merchant,
    MerchantApplication,
    MerchantDecision,
    MerchantMembership,
    MerchantStatus,
    Role,
    TeamInvitation,
)
from tijara.merchants.permissions import platform_can, require

User = get_user_model()

VERIFY_SALT = "tijara.merchants.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600
INVITE_SALT = "tijara.merchants.invitation"
INVITE_MAX_AGE = 7 * 24 * 3600

# Fields of the company form kept in the draft and copied to the Merchant on submission.
COMPANY_FIELDS = (
    "legal_name", "store_name", "legal_form", "ice", "rc_number", "rc_tribunal", "if_number", "professional_tax",
    "licence", "cndp_receipt", "address", "city", "region", "sector", "phone", "email", "rib",
)
SETTINGS_FIELDS = (
    "store_name", "logo", "description_fr", "description_ar", "description_en", "return_policy_fr",
    "return_policy_ar", "return_policy_en", "phone", "email", "address",
    "rc_number", "rc_tribunal", "if_number", "professional_tax", "licence", "cndp_receipt",
)


class MerchantError(Exception):
    """A merchant rule said no; `message` is shown to the user (translated lazily)."""

    def __init__(self, message: Any, code: str = "refused"):
        super().__init__(str(message))
        self.message, self.code = message, code


# --- Sign-up ------------------------------------------------------------------------------

def owner_signup(*, email: str, password: str, full_name: str, language: str) -> Any:
    """Create the owner's account and an empty application. Called by `accounts.passwords.owner_sign_up_request`,
    which first checks the address is free and sends the verification link through its e-mail job, so that a
    taken address gets the same answer in the same time [SEC-AUTH-ENUMERATION]."""
    with transaction.atomic():
        user = User.objects.create_user(email, password, full_name=full_name, preferred_language=language)
        MerchantApplication.objects.create(user=user)
    return user


def email_verification_token(*, user: Any) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def email_verification_resend(*, user: Any, base_url: str) -> None:
    token = email_verification_token(user=user)
    language = getattr(user, "preferred_language", "fr") or "fr"
    transaction.on_commit(lambda: emails.send_verification_email(
        email=user.email, token=token, base_url=base_url, language=language))


def email_verify(*, token: str) -> MerchantApplication:
    """Mark the application's email as verified if the signed link is genuine, recent and still matches."""
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise MerchantError(_("This confirmation link has expired: ask for a new one."), "expired") from exc
    except signing.BadSignature as exc:
        raise MerchantError(_("This confirmation link is not valid."), "invalid") from exc
    with transaction.atomic():
        application = (
            MerchantApplication.objects.select_for_update().select_related("user")
            .filter(user_id=payload.get("u")).first()
        )
        if application is None or application.user.email != payload.get("e"):
            raise MerchantError(_("This confirmation link is not valid."), "invalid")
        if application.email_verified_at is None:
            application.email_verified_at = timezone.now()
            application.save(update_fields=["email_verified_at", "updated_at"])
    return application


def application_save_draft(*, user: Any, data: dict[str, str]) -> MerchantApplication:
    """Keep the answers typed so far, valid or not, so the owner can come back later."""
    clean = {k: str(v)[:300] for k, v in data.items() if k in COMPANY_FIELDS}
    with transaction.atomic():
        application, _created = MerchantApplication.objects.select_for_update().get_or_create(user=user)
        application.data = {**application.data, **clean}
        application.save(update_fields=["data", "updated_at"])
    return application


def _unique_slug(store_name: str, exclude_pk: int | None = None) -> str:
    base = slugify(store_name)[:70] or "store"
    slug, n = base, 1
    while Merchant.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def application_submit(*, user: Any, company: dict[str, Any]) -> Merchant:
    """Turn a verified owner's complete, validated company data into a pending store (or resubmit it)."""
    with transaction.atomic():
        application, _created = MerchantApplication.objects.select_for_update().get_or_create(user=user)
        if application.email_verified_at is None:
            raise MerchantError(_("Confirm your email address first: open the link we sent you."), "unverified")
        values = {k: company[k] for k in COMPANY_FIELDS if k in company}
        merchant = application.merchant
        if merchant is None:
            merchant = Merchant(**values, slug=_unique_slug(values["store_name"]))
        else:
            merchant = locks.merchant_for_update(merchant.pk)
            if merchant.status != MerchantStatus.REJECTED:
                raise MerchantError(_("This store has already been submitted for review."), "already_submitted")
            for key, value in values.items():
                setattr(merchant, key, value)
        merchant.status = MerchantStatus.PENDING
        merchant.submitted_at = timezone.now()
        try:
            with transaction.atomic():
                merchant.save()
        except IntegrityError as exc:
            raise MerchantError(_("A store with this ICE or this RC number is already registered."), "duplicate") from exc
        MerchantMembership.objects.get_or_create(merchant=merchant, user=user, defaults={"role": Role.OWNER})
        MerchantDecision.objects.create(merchant=merchant, actor=user, action=DecisionAction.SUBMIT)
        application.merchant = merchant
        application.data = {k: str(v.pk if hasattr(v, "pk") else v) for k, v in values.items()}
        application.save(update_fields=["merchant", "data", "updated_at"])
    return merchant


# --- Review by platform staff --------------------------------------------------------------

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    DecisionAction.VALIDATE: ({MerchantStatus.PENDING}, MerchantStatus.VALIDATED),
    DecisionAction.REJECT: ({MerchantStatus.PENDING}, MerchantStatus.REJECTED),
    DecisionAction.SUSPEND: ({MerchantStatus.VALIDATED}, MerchantStatus.SUSPENDED),
    DecisionAction.REINSTATE: ({MerchantStatus.SUSPENDED}, MerchantStatus.VALIDATED),
}
REASON_REQUIRED = {DecisionAction.REJECT, DecisionAction.SUSPEND}


def merchant_decide(*, merchant: Merchant, reviewer: Any, action: str, reason: str = "") -> MerchantDecision:
    """Apply a reviewer's decision and keep it (who, when, why). Validation dates the store once."""
    if not platform_can(reviewer, "merchants.review"):  # [SEC-ROLES-MATRIX]
        raise MerchantError(_("Only platform reviewers can decide on a store."), "not_reviewer")
    if action not in TRANSITIONS:
        raise MerchantError(_("Unknown decision."), "unknown_action")
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise MerchantError(_("Give the reason: the owner will see it."), "reason_required")
    allowed_from, new_status = TRANSITIONS[action]
    with transaction.atomic():
        merchant = locks.merchant_for_update(merchant.pk)
        if merchant.status not in allowed_from:
            raise MerchantError(_("This decision is not possible for a store in its current state."), "state")
        merchant.status = new_status
        fields = ["status", "updated_at"]
        if new_status == MerchantStatus.VALIDATED and merchant.validated_at is None:
            merchant.validated_at = timezone.now()  # the observatory counts validated e-merchants from it
            fields.append("validated_at")
        merchant.save(update_fields=fields)
        decision = MerchantDecision.objects.create(merchant=merchant, actor=reviewer, action=action, reason=reason)
        if event := {MerchantStatus.VALIDATED: AuditEvent.MERCHANT_VALIDATED,
                     MerchantStatus.SUSPENDED: AuditEvent.MERCHANT_SUSPENDED}.get(new_status):
            audit_record(event, actor=reviewer, merchant_id=merchant.pk, target=f"merchant:{merchant.pk}",
                         data={"decision": action, "reason": reason[:200]})  # [SEC-AUDIT-EVENTS]
        owners = list(
            MerchantMembership.objects.filter(merchant=merchant, role=Role.OWNER)
            .values_list("user__email", "user__preferred_language")
        )
        label = str(DecisionAction(action).label)
        for email, language in owners:
            transaction.on_commit(lambda e=email, lang=language: emails.send_decision_email(
                email=e, store_name=merchant.store_name, action_label=label, reason=reason, language=lang or "fr"))
    return decision


# --- Team -----------------------------------------------------------------------------------

def team_invite(*, actor: MerchantMembership, email: str, role: str, base_url: str) -> TeamInvitation:
    require(actor, "team.manage")
    if role not in Role.values:
        raise MerchantError(_("Unknown role."), "role")
    email = email.strip().lower()
    with transaction.atomic():
        if MerchantMembership.objects.filter(merchant_id=actor.merchant_id, user__email__iexact=email).exists():
            raise MerchantError(_("This person is already in the team."), "already_member")
        invitation = TeamInvitation.objects.create(
            merchant_id=actor.merchant_id, email=email, role=role, invited_by_id=actor.user_id)
        token = signing.dumps({"i": invitation.pk, "e": email}, salt=INVITE_SALT)
        store_name = actor.merchant.store_name
        transaction.on_commit(lambda: emails.send_invitation_email(
            email=email, store_name=store_name, token=token, base_url=base_url, language="fr"))
    return invitation


def invitation_token(*, invitation: TeamInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITE_SALT)


def invitation_check(*, token: str, user: Any) -> TeamInvitation:
    """The open invitation named by a signed token, if it was sent to this user's address (no write)."""
    try:
        payload = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.BadSignature as exc:
        raise MerchantError(_("This invitation link is not valid or has expired."), "invalid") from exc
    invitation = TeamInvitation.objects.select_related("merchant").filter(pk=payload.get("i")).first()
    if invitation is None or invitation.accepted_at is not None:
        raise MerchantError(_("This invitation has already been used or withdrawn."), "used")
    if invitation.email.lower() != user.email.lower():
        raise MerchantError(_("This invitation was sent to another email address."), "wrong_user")
    return invitation


def invitation_accept(*, token: str, user: Any) -> MerchantMembership:
    """Join the team named by a signed invitation, if it was sent to this user's email address."""
    with transaction.atomic():
        invitation = invitation_check(token=token, user=user)
        invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise MerchantError(_("This invitation has already been used or withdrawn."), "used")
        if MerchantMembership.objects.filter(user=user).exclude(merchant_id=invitation.merchant_id).exists():
            raise MerchantError(_("Your account already belongs to another store's team."), "other_team")
        membership, created = MerchantMembership.objects.get_or_create(
            merchant_id=invitation.merchant_id, user=user, defaults={"role": invitation.role})
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        if created:
            audit_record(AuditEvent.ROLE_CHANGED, actor=user, merchant_id=invitation.merchant_id,
                         target=f"membership:{membership.pk}",
                         data={"user": user.pk, "from": None, "to": membership.role,
                               "invited_by": invitation.invited_by_id})  # [SEC-AUDIT-EVENTS]
    return membership


def membership_change_role(*, actor: MerchantMembership, membership: MerchantMembership, role: str) -> None:
    require(actor, "team.manage")
    if role not in Role.values:
        raise MerchantError(_("Unknown role."), "role")
    with transaction.atomic():
        target = MerchantMembership.objects.select_for_update().get(pk=membership.pk, merchant_id=actor.merchant_id)
        if target.role == Role.OWNER and role != Role.OWNER and _owner_count(actor.merchant_id) <= 1:
            raise MerchantError(_("A store keeps at least one owner."), "last_owner")
        previous, target.role = target.role, role
        target.save(update_fields=["role"])
        audit_record(AuditEvent.ROLE_CHANGED, actor=actor.user_id, merchant_id=actor.merchant_id,
                     target=f"membership:{target.pk}",
                     data={"user": target.user_id, "from": previous, "to": role})  # [SEC-AUDIT-EVENTS]


def membership_remove(*, actor: MerchantMembership, membership: MerchantMembership) -> None:
    require(actor, "team.manage")
    with transaction.atomic():
        target = MerchantMembership.objects.select_for_update().get(pk=membership.pk, merchant_id=actor.merchant_id)
        if target.role == Role.OWNER and _owner_count(actor.merchant_id) <= 1:
            raise MerchantError(_("A store keeps at least one owner."), "last_owner")
        audit_record(AuditEvent.ROLE_CHANGED, actor=actor.user_id, merchant_id=actor.merchant_id,
                     target=f"membership:{target.pk}",
                     data={"user": target.user_id, "from": target.role, "to": None})  # [SEC-AUDIT-EVENTS]
        target.delete()


def _owner_count(merchant_id: int) -> int:
    return MerchantMembership.objects.filter(merchant_id=merchant_id, role=Role.OWNER).count()


# --- Settings -------------------------------------------------------------------------------

def merchant_settings_update(*, actor: MerchantMembership, values: dict[str, Any]) -> Merchant:
    """Store name, logo, descriptions, return policy and contact details (delivery: shipping.services)."""
    require(actor, "settings.edit")
    with transaction.atomic():
        merchant = locks.merchant_for_update(actor.merchant_id)
        fields = [k for k in SETTINGS_FIELDS if k in values]
        for key in fields:
            setattr(merchant, key, values[key])
        try:
            with transaction.atomic():
                merchant.save(update_fields=[*fields, "updated_at"])
        except IntegrityError as exc:
            raise MerchantError(_("A store with this RC number is already registered at this court registry."),
                                "duplicate") from exc
        audit_record(AuditEvent.SETTINGS_CHANGED, actor=actor.user_id, merchant_id=merchant.pk,
                     target=f"merchant:{merchant.pk}", data={"fields": sorted(fields)})  # [SEC-AUDIT-EVENTS]
    return merchant


def merchant_bank_update(*, actor: MerchantMembership, rib: str) -> Merchant:
    require(actor, "bank.edit")
    with transaction.atomic():
        merchant = locks.merchant_for_update(actor.merchant_id)
        previous, merchant.rib = merchant.rib, rib
        merchant.full_clean(validate_unique=False, validate_constraints=False)
        merchant.save(update_fields=["rib", "updated_at"])
        # Only the last four digits: the trail shows that the account changed, not the account [SEC-AUDIT-EVENTS].
        audit_record(AuditEvent.BANK_DETAILS_CHANGED, actor=actor.user_id, merchant_id=merchant.pk,
                     target=f"merchant:{merchant.pk}",
                     data={"from": f"…{previous[-4:]}" if previous else "", "to": f"…{merchant.rib[-4:]}"})
    return merchant
