"""Platform roles are auth groups (merchants.permissions): adding an account to one or taking it out, in the
admin site or anywhere else, is a role change in the audit trail [SEC-AUDIT-EVENTS]."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed

from tijara.audit.events import AuditEvent
from tijara.audit.middleware import current_user
from tijara.audit.services import audit_record


def _groups_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:  # noqa: ANN001
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    if reverse:  # group.user_set.add(users): one record per user
        users, names = list(pk_set), [instance.name]
    else:
        users, names = [instance.pk], sorted(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    change = "added" if action == "post_add" else "removed"
    for user_id in users:
        audit_record(AuditEvent.ROLE_CHANGED, actor=current_user(), target=f"user:{user_id}",
                     data={"user": user_id, f"groups_{change}": names})


def connect() -> None:
    m2m_changed.connect(_groups_changed, sender=get_user_model().groups.through,
                        dispatch_uid="tijara.audit.groups_changed")
