"""Admin registration for content snippets and settings (kept out of models.py)."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    Area,
    CitySettings,
    CollectionArea,
    CollectionCenter,
    Faq,
    GarbageCategory,
    GarbageItem,
    Shelter,
    Topic,
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


class ShelterViewSet(SnippetViewSet):
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


class CityDataGroup(SnippetViewSetGroup):
    menu_label = _("地区と避難所")
    menu_icon = "globe"
    menu_order = 200
    items = (TopicViewSet, AreaViewSet, ShelterViewSet)


class GarbageCategoryViewSet(SnippetViewSet):
    model = GarbageCategory
    icon = "folder-open-inverse"
    menu_label = _("分別区分")
    list_display = ["name", "slug", "colour", "collect_on_holidays", "sort_order"]


class GarbageItemViewSet(SnippetViewSet):
    model = GarbageItem
    icon = "list-ul"
    menu_label = _("品目")
    list_display = ["name", "reading", "category"]
    list_filter = ["category"]
    list_export = ["name", "reading", "aliases", "category", "notes"]
    search_fields = ["name", "reading", "aliases"]


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
    list_display = ["question", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["question", "keywords"]


register_snippet(CityDataGroup)
register_snippet(FaqViewSet)
register_snippet(GarbageGroup)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
