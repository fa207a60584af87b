"""System checks on the installation's data that the code relies on."""

from django.core import checks
from django.db import DatabaseError


# A deployment check (``check --deploy``, run before go-live and in CI): as a plain
# check it would stop ``migrate`` and ``setup_roles``, the commands that fix it.
@checks.register(deploy=True)
def only_city_roles_publish(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Fail when a group outside the city's roles may publish anything.

    The approval gate (「公開前の承認」) holds only if every group that can publish is
    one the city defined; Wagtail's own "Moderators" published news to LINE unapproved.
    """
    from django.contrib.auth.models import Group

    from .roles import city_role_names

    try:
        groups = list(
            Group.objects.exclude(name__in=city_role_names())
            .filter(page_permissions__permission__codename="publish_page")
            .union(
                Group.objects.exclude(name__in=city_role_names()).filter(
                    permissions__codename__startswith="publish_"
                )
            )
            .values_list("name", flat=True)
        )
    except DatabaseError:
        return []  # no tables yet (before migrate): nothing can publish
    return [
        checks.Error(
            f"グループ「{name}」は市の役割ではないのに公開の権限を持っています。",
            hint="manage.py setup_roles で市の役割だけにするか、権限を外してください。",
            id="cms.E001",
        )
        for name in sorted(set(groups))
    ]
