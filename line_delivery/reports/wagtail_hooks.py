"""Admin registration: the triage screens and menu item, settings, the dashboard panel."""

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import LinkMenuItemComponent, MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.contrib.settings.registry import register_setting
from wagtail.log_actions import LogActionRegistry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..inbox.access import may_use_inbox
from . import admin_urls
from .models import (
    AreaPoint,
    Open311Client,
    Report,
    ReportCategory,
    ReportSettings,
    ResponseTemplate,
)


AUDIT_ACTIONS = {
    "reports.list": _("通報の一覧の閲覧"),
    "reports.view": _("通報の閲覧"),
    "reports.photo_view": _("通報の写真の閲覧"),
    "reports.state": _("通報の状態の変更"),
    "reports.assign": _("通報の担当者の変更"),
    "reports.priority": _("通報の優先度の変更"),
    "reports.note": _("通報の内部メモ"),
    "reports.public_note": _("通報の公開用のひとことの変更"),
    "reports.merge": _("通報の統合"),
    "reports.refused": _("通報の閲覧拒否"),
}


@hooks.register("register_admin_urls")
def register_report_urls() -> list:
    return [
        path(
            "reports/",
            include((admin_urls, "reports_admin"), namespace="reports_admin"),
        )
    ]


@hooks.register("register_log_actions")
def register_report_log_actions(actions: LogActionRegistry) -> None:
    """Labels for the audit list (``cms.audit.action_label`` reads this registry)."""
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


class ReportsMenuItem(MenuItem):
    """通報, with the number of reports still at 受付 as a badge."""

    def is_shown(self, request: HttpRequest) -> bool:
        return may_use_inbox(request.user)

    def render_component(self, request: HttpRequest) -> LinkMenuItemComponent:
        component = super().render_component(request)
        waiting = (
            Report.objects.for_staff(request.user)
            .filter(state=Report.State.RECEIVED)
            .count()
        )
        if waiting:
            component.label = f"{self.label}（{waiting}）"
            component.attrs = {**component.attrs, "title": f"受付のまま {waiting} 件"}
        return component


@hooks.register("register_admin_menu_item")
def register_reports_menu_item() -> MenuItem:
    return ReportsMenuItem(
        _("通報"), reverse("reports_admin:list"), icon_name="warning", order=152
    )


class ReportCountsPanel(Component):
    """On the dashboard: open and overdue reports of the user's departments."""

    name = "report_counts"
    order = 60
    template_name = "reports/admin/home_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: dict | None = None) -> dict:
        from .dashboard import report_counts

        return {"counts": report_counts(self.request.user)}


@hooks.register("construct_homepage_panels")
def add_report_counts_panel(request: HttpRequest, panels: list) -> None:
    if may_use_inbox(request.user):
        panels.append(ReportCountsPanel(request))


class ReportCategoryViewSet(SnippetViewSet):
    model = ReportCategory
    icon = "tag"
    menu_label = _("通報の種類と担当部署")
    list_display = [
        "name",
        "department",
        "target_days",
        "service_code",
        BooleanColumn("active", label=_("受付中")),
    ]
    list_filter = ["department", "active"]


class ResponseTemplateViewSet(SnippetViewSet):
    model = ResponseTemplate
    icon = "doc-full"
    menu_label = _("回答の定型文")
    list_display = ["title", "state"]
    list_filter = ["state"]


class AreaPointViewSet(SnippetViewSet):
    model = AreaPoint
    icon = "site"
    menu_label = _("地区の代表地点")
    list_display = ["area", "latitude", "longitude"]


class Open311ClientViewSet(SnippetViewSet):
    """Names and on/off only: keys are made by ``manage.py open311_key``."""

    model = Open311Client
    icon = "link"
    menu_label = _("Open311の接続先")
    list_display = ["name", BooleanColumn("active", label=_("有効")), "created_at"]
    add_to_admin_menu = False
    fields = ["name", "active"]


class ReportSettingsGroup(SnippetViewSetGroup):
    menu_label = _("通報の設定")
    menu_icon = "cog"
    menu_order = 153
    items = (
        ReportCategoryViewSet,
        ResponseTemplateViewSet,
        AreaPointViewSet,
        Open311ClientViewSet,
    )


register_snippet(ReportSettingsGroup)
register_setting(ReportSettings, icon="warning")
