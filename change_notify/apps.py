from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangeNotifyConfig(AppConfig):
    """Signed webhook events to the city's systems when public content changes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "change_notify"
    verbose_name = _("変更の通知")

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
