import json

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .chapters import CHAPTERS


@hooks.register("register_admin_urls")
def register_manual_urls():
    return [path("manual/", include((urls, "manual"), namespace="manual"))]


@hooks.register("register_admin_menu_item")
def manual_menu_item():
    return MenuItem(
        _("操作マニュアル"), reverse("manual:index"), icon_name="help", order=10000
    )


@hooks.register("insert_global_admin_js")
def help_link_js():
    """「？ この画面の説明」 on every admin screen, to the chapter that explains it."""
    screens = {
        prefix: reverse("manual:chapter", args=[chapter.slug])
        for chapter in CHAPTERS
        for prefix in chapter.screens
    }
    return format_html(
        '<script src="{}" data-manual-index="{}" data-manual-screens="{}" defer></script>',
        static("manual/help_link.js"),
        reverse("manual:index"),
        json.dumps(screens, ensure_ascii=False),
    )
