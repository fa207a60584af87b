"""The edit screen's LINE panel: status and the actions that talk to LINE."""

from wagtail.admin.panels import Panel


class LineStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "line_delivery/rich_menus/status_panel.html"

        def get_context_data(self, parent_context=None):
            from .views import status_context

            context = super().get_context_data(parent_context)
            context.update(status_context(self.instance, self.request.user))
            return context
