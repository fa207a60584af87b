"""Who sees which department's conversations: the roles of ``cms.roles``.

A department's conversations are seen by the members of its editor group
(``編集者（環境整備）`` …) and by 管理者. Nobody else: conversations are personal data.
"""

from typing import Any

from django.db.models import QuerySet

from cms.roles import editor_group_name, is_city_admin

from .models import Department


def visible_departments(user: Any) -> QuerySet[Department]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Department.objects.none()
    if is_city_admin(user):
        return Department.objects.all()
    groups = set(user.groups.values_list("name", flat=True))
    names = [
        name
        for name in Department.objects.values_list("name", flat=True)
        if editor_group_name(name) in groups
    ]
    return Department.objects.filter(name__in=names)


def may_use_inbox(user: Any) -> bool:
    return visible_departments(user).exists()


def department_staff(department: Department) -> QuerySet:
    """Active staff of the department (who may be assigned its conversations)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=editor_group_name(department.name))
        .distinct()
        .order_by("username")
    )
