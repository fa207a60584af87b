"""Japanese names for Django's and Wagtail's permissions, and for the roots.

Django stores permission names in English when it creates them (「Can add page」), and
Wagtail's group form lists them as they are. After every migrate, each default
permission of a model is renamed from its verbose name (「お知らせの追加」), and
Wagtail's own ones from the table below. Wagtail's root page, shown in the page
explorer (「Exploring: Root」), gets a Japanese title too.
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation


DEFAULT_ACTIONS = {
    "add": "の追加",
    "change": "の変更",
    "delete": "の削除",
    "view": "の閲覧",
    "publish": "の公開",
    "lock": "のロック",
    "unlock": "のロック解除",
}
WAGTAIL_PERMISSIONS = {
    ("wagtailadmin", "access_admin"): "管理画面へのアクセス",
    ("wagtailcore", "bulk_delete_page"): "下位ページごとの削除",
    ("wagtailcore", "lock_page"): "自分がロックしたページのロック・解除",
    ("wagtailcore", "publish_page"): "すべてのページの公開",
    ("wagtailcore", "unlock_page"): "すべてのページのロック解除",
    ("wagtaildocs", "choose_document"): "文書の選択",
    ("wagtailimages", "choose_image"): "画像の選択",
}
ROOT_TITLE = "サイト全体"
ROOT_COLLECTION = "すべての画像・文書"


def japanese_permission_name(permission: Permission) -> str | None:
    content_type = permission.content_type
    named = WAGTAIL_PERMISSIONS.get((content_type.app_label, permission.codename))
    if named:
        return named
    action, _, model_name = permission.codename.partition("_")
    model = content_type.model_class()
    if action not in DEFAULT_ACTIONS or model is None:
        return None
    if model_name != model._meta.model_name:
        return None  # a custom permission: its own name is the project's words
    return f"{model._meta.verbose_name}{DEFAULT_ACTIONS[action]}"[:255]


def translate_permission_names(**kwargs) -> None:
    """post_migrate: rename what Django and Wagtail created in English."""
    with translation.override(settings.LANGUAGE_CODE):
        for permission in Permission.objects.select_related("content_type"):
            name = japanese_permission_name(permission)
            if name and name != permission.name:
                Permission.objects.filter(pk=permission.pk).update(name=name)
    from wagtail.models import Collection, Page

    Page.objects.filter(depth=1, title="Root").update(
        title=ROOT_TITLE, draft_title=ROOT_TITLE
    )
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION)
