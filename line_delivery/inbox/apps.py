from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "line_delivery.inbox"
    label = "inbox"
    verbose_name = "有人チャット"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.access_log import register_personal_data_prefix

        # Conversations: residents' own words, photos and LINE names.
        register_personal_data_prefix("/admin/inbox/")
