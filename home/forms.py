"""Admin forms for deliverable pages: channel checks run when staff publish."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .channels import registered_channels


PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


# Fields whose text residents read as typed (LINE notifications, lists). Their limit
# is shown by a live counter and enforced with a message, never by cutting the input.
COUNTED_FIELDS = ("title", "summary")


class DeliverablePageForm(WagtailAdminPageForm):
    """Stops a publish (or a submission for approval) that a channel could not deliver.

    Drafts can still be saved, so nothing typed is lost; the message says which field
    to change.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Left empty, a Japanese title gets a date slug (ReadableSlugMixin).
            self.fields["slug"].required = False
        for name in COUNTED_FIELDS:
            field = self.fields.get(name)
            limit = getattr(field, "max_length", None)
            if not limit:
                continue
            # The browser's maxlength cuts pasted text silently (a 147-character
            # summary reached LINE as 「…危険が高まっ」); a counter says it instead.
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-char-limit"] = str(limit)
            field.error_messages["max_length"] = _(
                "%(limit_value)d文字までです（いま%(show_value)d文字）。"
                "短くしてから保存してください。"
            )

    def _post_clean(self) -> None:
        super()._post_clean()  # copies the cleaned data onto self.instance
        if not any(action in self.data for action in PUBLISHING_ACTIONS):
            return
        if not getattr(self.instance, "send_to_line", False):
            return
        for channel in registered_channels():
            for field, message in channel.validate(self.instance):
                self.add_error(field if field in self.fields else None, message)


class SurveyPageForm(DeliverablePageForm):
    """A survey's editor: also refuses two questions with the same label.

    Answers are stored under a name made from the label (``AbstractFormField``), so two
    equal labels would overwrite each other's answers. Wagtail's own check
    (``WagtailAdminFormPageForm``) has no Japanese message, hence this one.
    """

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("questions")
        if formset is None:
            return cleaned_data
        seen: set[str] = set()
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            if not form.instance.label:
                continue
            name = form.instance.clean_name or form.instance.get_field_clean_name()
            if name in seen:
                form.add_error(
                    "label",
                    _("同じ質問文がほかにもあります。どちらかを変えてください。"),
                )
            seen.add(name)
        return cleaned_data
