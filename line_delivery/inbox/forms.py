"""The department form: opening days as check boxes (staff never edit JSON)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from .hours import WEEKDAY_NAMES


class DepartmentForm(WagtailAdminModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("受付する曜日"),
        choices=[(number, f"{name}曜日") for number, name in enumerate(WEEKDAY_NAMES)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("祝日と年末年始は下の設定で休みにできます。"),
    )

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and opens >= closes:
            self.add_error("closes_at", _("受付終了は受付開始より後にしてください。"))
        return cleaned
