"""Admin registration: the inbox screens, its menu item with unread count, settings."""

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import LinkMenuItemComponent, MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import LogActionRegistry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import urls
from .access import may_use_inbox
from .forms import DepartmentForm
from .models import CannedReply, Department
from .views import unread_total


AUDIT_ACTIONS = {
    "inbox.view": _("有人チャットの閲覧"),
    "inbox.reply": _("有人チャットの返信"),
    "inbox.note": _("有人チャットの内部メモ"),
    "inbox.assign": _("有人チャットの担当変更"),
    "inbox.close": _("有人チャットの完了"),
    "inbox.media_view": _("有人チャットの写真・ファイルの閲覧"),
    "inbox.refused": _("有人チャットの閲覧拒否"),
}


@hooks.register("register_admin_urls")
def register_inbox_urls() -> list:
    return [path("inbox/", include((urls, "inbox"), namespace="inbox"))]


@hooks.register("register_log_actions")
def register_inbox_log_actions(actions: LogActionRegistry) -> None:
    """Labels for the audit list (``cms.audit.action_label`` reads this registry)."""
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


class InboxMenuItem(MenuItem):
    """有人チャット, with the number of unread resident messages as a badge."""

    def is_shown(self, request: HttpRequest) -> bool:
        return may_use_inbox(request.user)

    def render_component(self, request: HttpRequest) -> LinkMenuItemComponent:
        component = super().render_component(request)
        unread = unread_total(request.user)
        if unread:
            component.label = f"{self.label}（{unread}）"
            component.attrs = {**component.attrs, "title": f"未読 {unread} 件"}
        return component


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item() -> MenuItem:
    return InboxMenuItem(
        _("有人チャット"), reverse("inbox:list"), icon_name="mail", order=150
    )


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("受付部署と受付時間")
    list_display = ["name", "resident_label", "opens_at", "closes_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("resident_label"),
            FieldPanel("opens_at"),
            FieldPanel("closes_at"),
            FieldPanel("weekdays"),
            FieldPanel("closed_on_holidays"),
            FieldPanel("closed_year_end"),
            FieldPanel("emergency_text"),
            FieldPanel("sort_order"),
        ],
        base_form_class=DepartmentForm,
    )


class CannedReplyViewSet(SnippetViewSet):
    model = CannedReply
    icon = "doc-full"
    menu_label = _("定型文")
    list_display = ["title", "department"]
    list_filter = ["department"]


class InboxSettingsGroup(SnippetViewSetGroup):
    menu_label = _("有人チャットの設定")
    menu_icon = "cog"
    menu_order = 151
    items = (DepartmentViewSet, CannedReplyViewSet)


register_snippet(InboxSettingsGroup)
