"""Admin lists of the audit log (監査ログ) and the access log (アクセスログ): read only."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

import django_filters

from . import access_log, audit
from .exports import AuditedExportIndexView
from .models import AccessLogEntry, AuditEntry


class RecordsPermissionPolicy(ModelPermissionPolicy):
    """Records are written by code: nobody, not even a superuser, adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


def _action_choices():
    seen = set(AuditEntry.objects.values_list("action", flat=True).distinct())
    return sorted(
        ((action, audit.action_label(action)) for action in seen), key=lambda c: c[1]
    )


class AuditEntryFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("日時"), widget=DateRangePickerWidget
    )
    action = django_filters.ChoiceFilter(label=_("操作"), choices=_action_choices)
    username = django_filters.CharFilter(label=_("ユーザー名"), lookup_expr="icontains")
    target_type = django_filters.CharFilter(
        label=_("対象の種類"), lookup_expr="icontains"
    )

    class Meta:
        model = AuditEntry
        fields = ["created_at", "action", "username", "target_type"]


class RecordsViewSet(ModelViewSet):
    """A read-only list of records with search, filters and audited CSV/XLSX export."""

    add_to_admin_menu = False
    index_view_class = AuditedExportIndexView
    copy_view_enabled = False
    search_backend_name = None  # plain database lookups; records are not search-indexed
    form_fields = []


class AuditEntryViewSet(RecordsViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("監査ログ")
    menu_order = 900
    inspect_view_enabled = True
    filterset_class = AuditEntryFilterSet
    search_fields = ["username", "action", "target_label", "target_id"]
    list_display = [
        Column("when", label=_("日時"), sort_key="created_at"),
        "username",
        Column("action_label", label=_("操作")),
        "target_label",
        Column("change_summary", label=_("変更内容")),
        Column("compare_link", label=_("変更前との比較")),
        "ip_address",
    ]
    list_export = [
        "when",
        "username",
        "action",
        "action_label",
        "target_type",
        "target_id",
        "target_label",
        "change_summary",
        "details",
        "ip_address",
    ]
    export_headings = {
        "when": _("日時（日本時間）"),
        "action_label": _("操作（表示名）"),
        "change_summary": _("変更内容"),
    }
    export_filename = "audit-log"
    inspect_view_fields = [
        "created_at",  # shown in Japan time (AuditEntry.get_created_at_display)
        *list_export[1:],
        "compare_link",
    ]


class AccessLogFilterSet(WagtailFilterSet):
    # By day, not timestamp: ``day`` leads the (day, seq) index, and one index less
    # keeps every request's INSERT cheaper.
    day = django_filters.DateFromToRangeFilter(
        label=_("日付"), widget=DateRangePickerWidget
    )
    username = django_filters.CharFilter(label=_("ユーザー名"), lookup_expr="icontains")
    path = django_filters.CharFilter(label=_("パス"), lookup_expr="icontains")
    status = django_filters.NumberFilter(label=_("ステータス"))
    hide_assets = django_filters.BooleanFilter(
        label=_("静的ファイル・画像のリクエストを隠す"), method="filter_hide_assets"
    )
    personal_data = django_filters.BooleanFilter(
        label=_("個人情報（友だち・アンケート回答・会話など）の閲覧だけ"),
        method="filter_personal_data",
    )

    class Meta:
        model = AccessLogEntry
        fields = ["day", "username", "path", "status", "hide_assets", "personal_data"]

    def filter_hide_assets(self, queryset, name, value):
        return queryset.exclude(access_log.asset_requests()) if value else queryset

    def filter_personal_data(self, queryset, name, value):
        if value is None:
            return queryset
        views = access_log.personal_data_views()
        return queryset.filter(views) if value else queryset.exclude(views)


class AccessLogViewSet(RecordsViewSet):
    model = AccessLogEntry
    icon = "list-ul"
    menu_label = _("アクセスログ")
    menu_order = 910
    inspect_view_enabled = False
    filterset_class = AccessLogFilterSet
    search_fields = ["path", "username", "ip_address"]
    ordering = ["-pk"]
    list_display = [
        Column("when", label=_("日時"), sort_key="timestamp"),
        "username",
        "ip_address",
        "method",
        "path",
        "status",
        "duration_ms",
    ]
    list_export = [
        "when",
        "username",
        "ip_address",
        "method",
        "path",
        "status",
        "duration_ms",
        "seq",
        "hash",
    ]
    export_headings = {"when": _("日時（日本時間）")}
    export_filename = "access-log"
