from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "line_delivery.inbox"
    label = "inbox"
    verbose_name = "有人チャット"
    default_auto_field = "django.db.models.BigAutoField"
