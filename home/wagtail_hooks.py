"""Admin registration for content snippets and settings (kept out of models.py)."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_columns import YesNoColumn
from cms.exports import AuditedExportSnippetIndexView

from . import admin_views, garbage_feedback_views, notices_admin_views
from .models import (
    Area,
    CitySettings,
    CollectionArea,
    CollectionCenter,
    DisasterMode,
    EventKind,
    Faq,
    GarbageCategory,
    GarbageItem,
    GarbageSynonym,
    HazardDuration,
    Shelter,
    Topic,
    Zone,
)
from .open5374.admin_views import Open5374ViewSet


register_setting(CitySettings, icon="site")


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("受信トピック")
    list_display = ["name", "slug", "description", "sort_order"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("地区")
    list_display = ["name", "reading", "sort_order"]
    search_fields = ["name", "reading"]


class ZoneViewSet(SnippetViewSet):
    """地域の呼び名と地区: 沿岸部・山間部 … in a 防災メール reach these 地区."""

    model = Zone
    icon = "site"
    menu_label = _("地域の呼び名と地区")
    list_display = ["name", Column("area_list", label=_("含まれる地区")), "sort_order"]
    search_fields = ["name", "aliases"]

    def get_queryset(self, request):
        return Zone.objects.prefetch_related("areas")


class ShelterViewSet(SnippetViewSet):
    index_view_class = AuditedExportSnippetIndexView
    model = Shelter
    icon = "home"
    menu_label = _("避難所")
    list_display = ["name", "status", "capacity", "address", "status_changed_at"]
    list_filter = ["status"]
    list_export = [
        "name",
        "reading",
        "address",
        "latitude",
        "longitude",
        "capacity",
        "status",
    ]
    search_fields = ["name", "reading", "address"]


class EventKindViewSet(SnippetViewSet):
    """事象の種類と終わりの語: what ends 欠航, 運休, 断水 … (word lists, no regex)."""

    model = EventKind
    icon = "warning"
    menu_label = _("事象の種類と終わりの語")
    list_display = ["name", "end_label", "sort_order"]
    search_fields = ["name", "end_words"]


class HazardDurationViewSet(SnippetViewSet):
    model = HazardDuration
    icon = "time"
    menu_label = _("お知らせを発表中とする時間")
    list_display = ["hazard", "hours"]


class CityDataGroup(SnippetViewSetGroup):
    menu_label = _("地区と避難所")
    menu_icon = "globe"
    menu_order = 200
    items = (
        TopicViewSet,
        AreaViewSet,
        ZoneViewSet,
        ShelterViewSet,
        EventKindViewSet,
        HazardDurationViewSet,
    )


class GarbageCategoryViewSet(SnippetViewSet):
    model = GarbageCategory
    icon = "folder-open-inverse"
    menu_label = _("分別区分")
    list_display = [
        "name",
        "slug",
        "colour",
        YesNoColumn("collect_on_holidays", label=_("祝日の収集")),
        "sort_order",
    ]


class GarbageItemViewSet(SnippetViewSet):
    index_view_class = AuditedExportSnippetIndexView
    model = GarbageItem
    icon = "list-ul"
    menu_label = _("品目")
    list_display = ["name", "reading", "category"]
    list_filter = ["category"]
    list_export = ["name", "reading", "aliases", "category", "notes"]
    search_fields = ["name", "reading", "aliases"]

    def get_queryset(self, request):
        # The 分別区分 column: one join, not one query per row.
        return GarbageItem.objects.select_related("category")


class GarbageSynonymViewSet(SnippetViewSet):
    """ごみの言い換え: English, brand and old words residents use for items."""

    model = GarbageSynonym
    icon = "tag"
    menu_label = _("言い換え")
    list_display = ["word", "note", Column("updated_at", label=_("更新日時"))]
    search_fields = ["word", "note"]


class CollectionAreaViewSet(SnippetViewSet):
    model = CollectionArea
    icon = "date"
    menu_label = _("収集地区")
    list_display = ["name", "center", "sort_order"]


class CollectionCenterViewSet(SnippetViewSet):
    model = CollectionCenter
    icon = "time"
    menu_label = _("収集の休止期間")
    list_display = ["name"]


class GarbageGroup(SnippetViewSetGroup):
    menu_label = _("ごみ分別")
    menu_icon = "bin"
    menu_order = 210
    items = (
        GarbageCategoryViewSet,
        GarbageItemViewSet,
        GarbageSynonymViewSet,
        CollectionAreaViewSet,
        CollectionCenterViewSet,
        Open5374ViewSet,
    )


class FaqViewSet(SnippetViewSet):
    model = Faq
    icon = "help"
    menu_label = _("よくある質問")
    menu_order = 220
    add_to_admin_menu = True
    list_display = [
        "question",
        YesNoColumn(
            "is_active", label=_("表示"), yes=_("表示する"), no=_("表示しない")
        ),
    ]
    list_filter = ["is_active"]
    search_fields = ["question", "keywords"]


register_snippet(CityDataGroup)
register_snippet(FaqViewSet)
register_snippet(GarbageGroup)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_editor_js")
def char_counter_js():
    return format_html('<script src="{}"></script>', static("js/char_counter.js"))


@hooks.register("register_admin_urls")
def register_disaster_urls():
    return [
        path("disaster-mode/", admin_views.disaster_mode_view, name="disaster_mode"),
        path(
            "shelters/status/", admin_views.shelter_status_list, name="shelter_status"
        ),
        path(
            "shelters/status/<int:shelter_id>/",
            admin_views.set_shelter_status,
            name="shelter_set_status",
        ),
        path(
            "notices/in-force/",
            notices_admin_views.notices_in_force,
            name="notices_in_force",
        ),
        path(
            "notices/<int:notice_id>/end/",
            notices_admin_views.end_notice,
            name="notice_end",
        ),
        path(
            "notices/<int:notice_id>/extend/",
            notices_admin_views.extend_notice,
            name="notice_extend",
        ),
        path(
            "shelters/announce/",
            admin_views.announce_open_shelters,
            name="shelter_announce",
        ),
    ]


@hooks.register("register_admin_urls")
def register_garbage_feedback_urls():
    return [
        path(
            "garbage/feedback/",
            garbage_feedback_views.feedback_list,
            name="garbage_feedback",
        ),
        path(
            "garbage/feedback/<int:feedback_id>/alias/",
            garbage_feedback_views.make_alias,
            name="garbage_feedback_alias",
        ),
        path(
            "garbage/feedback/<int:feedback_id>/dismiss/",
            garbage_feedback_views.dismiss,
            name="garbage_feedback_dismiss",
        ),
    ]


class GarbageFeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(garbage_feedback_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_garbage_feedback_menu_item():
    return GarbageFeedbackMenuItem(
        _("ごみ検索への反応"), reverse("garbage_feedback"), icon_name="bin", order=215
    )


class ShelterStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.SHELTER_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_disaster_mode_menu_item():
    return MenuItem(
        _("災害モード"), reverse("disaster_mode"), icon_name="warning", order=90
    )


@hooks.register("register_admin_menu_item")
def register_notices_in_force_menu_item():
    return MenuItem(
        _("現在発表中の防災情報"),
        reverse("notices_in_force"),
        icon_name="warning",
        order=92,
    )


@hooks.register("register_admin_menu_item")
def register_shelter_status_menu_item():
    return ShelterStatusMenuItem(
        _("避難所の開設状況"), reverse("shelter_status"), icon_name="home", order=91
    )


class DisasterModePanel(Component):
    """On the dashboard: disaster mode is on, or a mail rule proposes it."""

    name = "disaster_mode"
    order = 10
    template_name = "home/admin/disaster_mode_panel.html"

    def get_context_data(self, parent_context=None):
        return {"mode": DisasterMode.load()}


@hooks.register("construct_homepage_panels")
def add_disaster_mode_panel(request, panels):
    panels.insert(0, DisasterModePanel())
