from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project itself: settings, URLs, Celery, API, feeds and staff security."""

    name = "cms"
    verbose_name = "サイト全体"
