"""User and group screens whose every change of roles or rights is audited before → after.

「ユーザを追加」 records the groups given; editing a user records the groups and the
superuser flag before and after; editing a group records its permissions (model,
page and collection) before and after. The superuser checkbox is labelled
「システム管理者（全権限）」 so that it is not mistaken for the 管理者 role.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import groups, users

from cms import audit


SUPERUSER_LABEL = _("システム管理者（全権限）")
SUPERUSER_HELP = _(
    "Wagtailのすべての権限を持ちます（役割「管理者」とは別です）。通常は役割「管理者」を選んでください。"
)


def user_state(user) -> dict[str, Any]:
    """What decides a staff member's rights: roles, the superuser flag, active."""
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "is_superuser": bool(user.is_superuser),
        "is_active": bool(user.is_active),
    }


def group_grants(group: Group) -> list[str]:
    """Every right a group holds, as readable lines (model, page, collection)."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    if group.pk is None:
        return []
    lines = [
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    ]
    lines += [
        f"ページ「{g.page.title}」: {g.permission.codename}"
        for g in GroupPagePermission.objects.filter(group=group).select_related(
            "page", "permission"
        )
    ]
    lines += [
        f"コレクション「{g.collection.name}」: {g.permission.codename}"
        for g in GroupCollectionPermission.objects.filter(group=group).select_related(
            "collection", "permission"
        )
    ]
    return sorted(lines)


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """``{key: [before, after]}`` for the keys whose value changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


class _SuperuserLabel:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_superuser" in self.fields:
            self.fields["is_superuser"].label = SUPERUSER_LABEL
            self.fields["is_superuser"].help_text = SUPERUSER_HELP


class StaffUserCreationForm(_SuperuserLabel, UserCreationForm):
    pass


class StaffUserEditForm(_SuperuserLabel, UserEditForm):
    pass


class StaffUserCreateView(users.CreateView):
    def run_after_hook(self):
        audit.record(
            self.request, "user.create", self.object, **user_state(self.object)
        )
        return super().run_after_hook()


class StaffUserEditView(users.EditView):
    def run_before_hook(self):
        self._state_before = user_state(self.object)
        return super().run_before_hook()

    def run_after_hook(self):
        before = getattr(self, "_state_before", {})
        after = user_state(self.object)
        changes = changes_between(before, after)
        if changes:
            audit.record(
                self.request,
                "user.roles_change",
                self.object,
                before=before,
                after=after,
                changes=changes,
            )
        return super().run_after_hook()


class StaffUserViewSet(users.UserViewSet):
    add_view_class = StaffUserCreateView
    edit_view_class = StaffUserEditView

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm


class StaffGroupCreateView(groups.CreateView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if self.object is not None and self.object.pk:
            audit.record(
                request,
                "group.create",
                self.object,
                permissions=group_grants(self.object),
            )
        return response


class StaffGroupEditView(groups.EditView):
    def post(self, request, *args, **kwargs):
        before = group_grants(self.get_object())
        response = super().post(request, *args, **kwargs)
        after = group_grants(Group.objects.get(pk=self.object.pk))
        if before != after:
            audit.record(
                request,
                "group.permissions_change",
                self.object,
                added=sorted(set(after) - set(before)),
                removed=sorted(set(before) - set(after)),
                before=before,
                after=after,
            )
        return response


class StaffGroupViewSet(groups.GroupViewSet):
    add_view_class = StaffGroupCreateView
    edit_view_class = StaffGroupEditView
