from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project itself: settings, URLs, Celery, API, feeds and staff security."""

    name = "cms"
    verbose_name = "サイト全体"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401 - registers the system checks
            permission_denied,
        )
        from .roles import ensure_roles_after_migrate
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        permission_denied.install()
        post_migrate.connect(
            ensure_roles_after_migrate, dispatch_uid="cms:ensure_roles"
        )
