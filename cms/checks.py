"""System checks of staff governance (``manage.py check``)."""

from django.core import checks
from django.db import DatabaseError


def _groups_with_publish_rights() -> dict[str, list[str]]:
    """Every group outside the city's roles that may publish, and where."""
    from django.contrib.auth.models import Group

    from wagtail.models import GroupPagePermission

    from .roles import city_role_names

    found: dict[str, list[str]] = {}
    outsiders = Group.objects.exclude(name__in=city_role_names())
    for grant in GroupPagePermission.objects.filter(
        group__in=outsiders, permission__codename="publish_page"
    ).select_related("group", "page"):
        found.setdefault(grant.group.name, []).append(f"ページ「{grant.page.title}」")
    for group in outsiders.filter(permissions__codename__startswith="publish_"):
        found.setdefault(group.name, []).extend(
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.filter(codename__startswith="publish_")
        )
    return found


@checks.register(checks.Tags.security, deploy=True)
def only_city_roles_publish(app_configs=None, databases=None, **kwargs):
    """cms.E001: only the city's roles (``cms.roles``) may publish anything.

    A group such as Wagtail's default "Moderators" publishes straight to LINE,
    past 「公開前の承認」 (issue 21). ``manage.py setup_roles`` removes Wagtail's groups.
    A deployment check (``check --deploy``): ``migrate`` runs the ordinary checks
    before its migrations, and must not be stopped by groups the migrations remove.
    """
    try:
        found = _groups_with_publish_rights()
    except DatabaseError:
        return []  # no database yet (before migrate): nothing can publish either
    return [
        checks.Error(
            f"グループ「{name}」は市の役割ではないのに公開できます（{', '.join(where[:5])}）。",
            hint="manage.py setup_roles を実行するか、このグループの公開権限を外してください。",
            obj=name,
            id="cms.E001",
        )
        for name, where in sorted(found.items())
    ]
