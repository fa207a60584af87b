from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "line_delivery.reports"
    label = "reports"
    verbose_name = "通報"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.access_log import register_personal_data_prefix

        # The triage screens show residents' photos and words.
        register_personal_data_prefix("/admin/reports/")
