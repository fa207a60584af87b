from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .help import help_url, note_page_type


@hooks.register("register_admin_urls")
def register_manual_urls():
    return [path("manual/", include((urls, "manual"), namespace="manual"))]


@hooks.register("register_admin_menu_item")
def manual_menu_item():
    return MenuItem(
        _("操作マニュアル"), reverse("manual:index"), icon_name="help", order=10000
    )


@hooks.register("before_edit_page")
def note_edited_page_type(request, page):
    note_page_type(request, page.specific_class)


@hooks.register("before_create_page")
def note_added_page_type(request, parent_page, page_class):
    note_page_type(request, page_class)


@hooks.register("construct_explorer_page_queryset")
def note_listed_page_type(parent_page, pages, request):
    note_page_type(request, parent_page.specific_class)
    return pages


@hooks.register("insert_global_admin_js")
def help_link_js():
    """「？ この画面の説明」 on every admin screen, to the chapter that explains it."""
    return format_html(
        '<script src="{}" data-manual-index="{}" data-manual-target="{}" defer></script>',
        static("manual/help_link.js"),
        reverse("manual:index"),
        help_url(),
    )
