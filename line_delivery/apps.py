from django.apps import AppConfig


class LineDeliveryConfig(AppConfig):
    """Everything that talks to LINE: friends, Flex messages, deliveries, the sandbox."""

    name = "line_delivery"
    verbose_name = "LINE配信"

    def ready(self) -> None:
        from home.channels import Channel, register_channel

        from .preview import render_line_preview
        from .signal_handlers import register_signal_handlers
        from .validation import page_problems

        register_signal_handlers()
        register_channel(
            Channel(
                name="line",
                label="LINE",
                preview=render_line_preview,
                validate=page_problems,
            )
        )
