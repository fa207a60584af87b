"""The 受信設定 form: topics, 地区 and the garbage reminder, in one save."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from home.models import Area, GarbageCategory, Topic

from ..models import Friend, GarbageReminder
from ..reminders.models import evening_time_choices


class OneAreaRadioSelect(forms.RadioSelect):
    """地区 as one choice: a resident lives in one.

    The friend's areas stay a set (staff may still give one several), so the value is
    read as a list; the template adds 「選ばない」 with an empty value.
    """

    def value_from_datadict(self, data, files, name) -> list[str]:
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else [data.get(name)]
        return [value for value in values if value]


class FriendSettingsForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("受け取る情報"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("お住まいの地区"),
        queryset=Area.objects.all(),
        required=False,
        widget=OneAreaRadioSelect,
    )
    reminder_enabled = forms.BooleanField(label=_("ごみの日をお知らせ"), required=False)
    reminder_categories = forms.ModelMultipleChoiceField(
        label=_("お知らせする分別区分"),
        queryset=GarbageCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reminder_timing = forms.ChoiceField(
        label=_("お知らせの時間"),
        choices=GarbageReminder.Timing.choices,
        initial=GarbageReminder.Timing.EVENING_BEFORE,
        widget=forms.RadioSelect,
    )
    evening_time = forms.TypedChoiceField(
        label=_("前日の何時に"),
        choices=[(t.strftime("%H:%M"), label) for t, label in evening_time_choices()],
        initial="20:00",
        coerce=lambda value: forms.TimeField().clean(value),
    )

    @classmethod
    def for_friend(cls, friend: Friend, data=None) -> "FriendSettingsForm":
        reminder = GarbageReminder.objects.filter(friend=friend).first()
        initial = {
            "topics": list(friend.topics.all()),
            "areas": list(friend.areas.all()),
        }
        if reminder is not None:
            initial.update(
                reminder_enabled=reminder.enabled,
                reminder_categories=list(reminder.categories.all()),
                reminder_timing=reminder.timing,
                evening_time=reminder.evening_time.strftime("%H:%M"),
            )
        return cls(data=data, initial=initial)

    def save(self, friend: Friend) -> None:
        """Apply to this friend only (the view passes the session's friend)."""
        data = self.cleaned_data
        with transaction.atomic():
            friend.topics.set(data["topics"])
            friend.areas.set(data["areas"])
            reminder, _created = GarbageReminder.objects.get_or_create(friend=friend)
            reminder.enabled = data["reminder_enabled"]
            reminder.timing = data["reminder_timing"]
            reminder.evening_time = data["evening_time"]
            reminder.save()
            reminder.categories.set(data["reminder_categories"])
