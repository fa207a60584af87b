from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "line_delivery.reports"
    label = "reports"
    verbose_name = "通報"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.access_log import register_personal_data_pattern

        # The triage screens show residents' photos and words: the list (with its
        # filters), a report and its actions, a photo. Wagtail's own reports share
        # /admin/reports/ (aging-pages/, site-history/ …) and are not personal data.
        register_personal_data_pattern(r"^/admin/reports/(?:$|\?|\d+/|photos/)")
