"""Admin forms for deliverable pages: channel checks run when staff publish."""

from wagtail.admin.forms import WagtailAdminPageForm

from .channels import registered_channels


PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class DeliverablePageForm(WagtailAdminPageForm):
    """Stops a publish (or a submission for approval) that a channel could not deliver.

    Drafts can still be saved, so nothing typed is lost; the message says which field
    to change.
    """

    def _post_clean(self) -> None:
        super()._post_clean()  # copies the cleaned data onto self.instance
        if not any(action in self.data for action in PUBLISHING_ACTIONS):
            return
        if not getattr(self.instance, "send_to_line", False):
            return
        for channel in registered_channels():
            for field, message in channel.validate(self.instance):
                self.add_error(field if field in self.fields else None, message)
