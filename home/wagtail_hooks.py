"""Admin registration for content snippets and settings (kept out of models.py)."""

from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.exports import AuditedExportSnippetIndexView

from .models import (
    Area,
    CitySettings,
    CollectionArea,
    Faq,
    GarbageCategory,
    GarbageItem,
    Shelter,
    Topic,
)


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


class CityDataGroup(SnippetViewSetGroup):
    menu_label = _("地区と避難所")
    menu_icon = "globe"
    menu_order = 200
    items = (TopicViewSet, AreaViewSet, ShelterViewSet)


class GarbageCategoryViewSet(SnippetViewSet):
    model = GarbageCategory
    icon = "folder-open-inverse"
    menu_label = _("分別区分")
    list_display = ["name", "slug", "colour", "sort_order"]


class GarbageItemViewSet(SnippetViewSet):
    index_view_class = AuditedExportSnippetIndexView
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
    list_display = ["name", "sort_order"]


class GarbageGroup(SnippetViewSetGroup):
    menu_label = _("ごみ分別")
    menu_icon = "bin"
    menu_order = 210
    items = (GarbageCategoryViewSet, GarbageItemViewSet, CollectionAreaViewSet)


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
