from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project itself: settings, URLs, Celery, API, feeds and staff security."""

    name = "cms"
    verbose_name = "サイト全体"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import ensure_roles_after_migrate
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        self._start_embedded_scheduler()
        post_migrate.connect(
            ensure_roles_after_migrate, dispatch_uid="cms:ensure_roles"
        )

    def _start_embedded_scheduler(self) -> None:
        """Under ``make run``, beat's jobs run in this process (cms/embedded)."""
        from django.conf import settings

        if not settings.EMBEDDED_SCHEDULER:
            return
        from django.core.signals import request_started

        from .embedded import scheduler

        request_started.connect(
            scheduler.start_with_request, dispatch_uid="cms:embedded_scheduler"
        )
        if scheduler.serving():
            scheduler.start()
