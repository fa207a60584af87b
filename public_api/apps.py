from django.apps import AppConfig


class PublicApiConfig(AppConfig):
    """The public read-only JSON API (``/api/v1/``), its schema and the widget."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "public_api"
    verbose_name = "Public API"

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
