"""The store's team: invitations, roles, removals, and accepting an invitation to join."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tijara.dashboard.access import merchant_required
from tijara.dashboard.views.privacy import notice_collected
from tijara.merchants import selectors as merchant_selectors
from tijara.merchants import services
from tijara.merchants.forms import InviteForm, RoleForm
from tijara.merchants.models import MerchantMembership


@merchant_required("team.manage")
def team(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.team_invite(actor=request.membership, email=form.cleaned_data["email"],
                                              role=form.cleaned_data["role"], base_url=request.build_absolute_uri("/"))
        except services.MerchantError as exc:
            form.add_error("email", exc.message)
        else:
            notice_collected(form="invitation", merchant_id=request.merchant.pk, reference=f"invitation:{invitation.pk}")
            messages.success(request, _("Invitation sent."))
            return redirect("dashboard:team")
    return render(request, "dashboard/team.html", {
        "form": form, "members": merchant_selectors.team(merchant=request.merchant),
        "invitations": request.merchant.invitations.filter(accepted_at__isnull=True)[:50],
        "role_form": RoleForm(),
    })


def _own_membership(request: HttpRequest, membership_id: int) -> MerchantMembership:
    membership = MerchantMembership.objects.filter(merchant=request.merchant, pk=membership_id).first()
    if membership is None:
        raise Http404(_("No such team member."))
    return membership


@merchant_required("team.manage")
@require_POST
def team_member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _own_membership(request, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(actor=request.membership, membership=membership,
                                            role=form.cleaned_data["role"])
        except services.MerchantError as exc:
            messages.error(request, exc.message)
    return redirect("dashboard:team")


@merchant_required("team.manage")
@require_POST
def team_member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _own_membership(request, membership_id)
    try:
        services.membership_remove(actor=request.membership, membership=membership)
    except services.MerchantError as exc:
        messages.error(request, exc.message)
    return redirect("dashboard:team")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('dashboard:login')}?next={request.path}")
    try:
        if request.method == "POST":
            services.invitation_accept(token=token, user=request.user)
            return redirect("dashboard:home")
        invitation = services.invitation_check(token=token, user=request.user)
    except services.MerchantError as exc:
        return render(request, "dashboard/message.html", {"title": _("Invitation"), "text": exc.message}, status=400)
    return render(request, "dashboard/accept_invitation.html", {"invitation": invitation})
