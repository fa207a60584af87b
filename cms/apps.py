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
        from .permission_names import translate_permission_names
        from .roles import ensure_roles_after_migrate
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        permission_denied.install()
        label_wagtail_page_choosers()
        self._start_embedded_scheduler()
        post_migrate.connect(
            ensure_roles_after_migrate, dispatch_uid="cms:ensure_roles"
        )
        post_migrate.connect(
            translate_permission_names, dispatch_uid="cms:japanese_permission_names"
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


def label_wagtail_page_choosers() -> None:
    """Wagtail's page-choice forms declare ``page`` without a label, so Django shows the
    English field name 「Page」 above each chooser (workflow and group screens)."""
    from django.utils.translation import gettext_lazy

    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.users.forms import PagePermissionsForm

    for form in (WorkflowPageForm, PagePermissionsForm):
        form.base_fields["page"].label = gettext_lazy("ページ")
