from django.apps import AppConfig


class LineDeliveryConfig(AppConfig):
    """Everything that talks to LINE (built in the publish-to-LINE issue)."""

    name = "line_delivery"
    verbose_name = "LINE配信"
