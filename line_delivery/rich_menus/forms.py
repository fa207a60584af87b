"""The admin form: image checks with an automatic fix, and the visual area editor."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from cms.text_limits import counted_attrs, too_long

from .actions import ACTION_KINDS, POSTBACK_LABELS, area_problems, graphemes
from .images import check_image, fix_image
from .layouts import SIZES, layouts_for_editor


MAX_CHAT_BAR = 14
"""LINE's limit for chatBarText, in grapheme clusters (an emoji family is one)."""
TOP_GROUP = gettext_lazy("サイトの主なページ")


def pages_for_picker(limit: int = 3000) -> list[dict[str, Any]]:
    """Live pages grouped under their section (parent page), newest first in each.

    The editor shows them as a drop-down with one group per section and a search box;
    a flat list of every page was unusable once news piled up.
    """
    rows = list(
        Page.objects.live()
        .filter(depth__gt=1)
        .order_by("path")
        .values("pk", "title", "path", "depth")[:limit]
    )
    titles = {row["path"]: row["title"] for row in rows}
    step = Page.steplen
    for row in rows:
        parent = titles.get(row["path"][:-step]) if row["depth"] > 3 else None
        row["group"] = parent or str(TOP_GROUP)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    picked = []
    for group, members in groups.items():
        # Later siblings have later paths: the newest news first, the site in order.
        members.sort(key=lambda r: r["path"], reverse=group != str(TOP_GROUP))
        picked += [
            {"id": r["pk"], "title": r["title"], "group": group} for r in members
        ]
    return picked


class RichMenuAreasWidget(forms.Widget):
    """The image with its areas drawn on it; staff pick a layout, drag, and choose actions.

    Plain JavaScript (``static/line_delivery/rich_menu_editor.js``), no build step. The
    areas travel as JSON in a hidden input; staff never see it.
    """

    template_name = "line_delivery/rich_menus/areas_widget.html"
    image_url = ""
    menu_pk: int | None = None

    class Media:
        js = ["line_delivery/rich_menu_editor.js"]
        css = {"all": ["line_delivery/rich_menu_editor.css"]}

    def format_value(self, value: Any) -> str:
        if value in (None, ""):
            return "[]"
        return (
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        )

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        from .models import RichMenu

        context = super().get_context(name, value, attrs)
        pages = pages_for_picker()
        menus = [
            {"id": menu.pk, "name": menu.name}
            for menu in RichMenu.objects.exclude(pk=self.menu_pk or 0)
        ]
        context["editor"] = {
            "layouts": layouts_for_editor(),
            "sizes": {key: [size.width, size.height] for key, size in SIZES.items()},
            "kinds": {key: str(label) for key, label in ACTION_KINDS.items()},
            "postbacks": {key: str(label) for key, label in POSTBACK_LABELS.items()},
            "pages": pages,
            "menus": menus,
            "imageUrl": self.image_url,
        }
        return context


PURPOSE_HELP = gettext_lazy(
    "通常: 友だち全員に表示されるメニューです。"
    "災害時: 災害モードの間だけ、通常の代わりに全員に表示されます。"
    "タブ: それだけでは表示されません。ほかのメニューの「タブ切り替え」の領域をタップした人に、"
    "そのメニューの代わりに表示されます。"
)


def first_free_purpose() -> str:
    """A new menu starts as 通常 (then 災害時) while the city has none of that purpose.

    Only one 通常 and one 災害時 menu may exist; a city's first menu must be the one
    residents see, not a tab nobody reaches.
    """
    from .models import RichMenu

    taken = set(RichMenu.objects.values_list("purpose", flat=True))
    for purpose in (RichMenu.Purpose.NORMAL, RichMenu.Purpose.DISASTER):
        if purpose not in taken:
            return purpose
    return RichMenu.Purpose.TAB


class RichMenuForm(WagtailAdminModelForm):
    auto_fix_image = forms.BooleanField(
        label=gettext_lazy("画像の大きさ・容量を自動で直す"),
        required=False,
        help_text=gettext_lazy(
            "画像が大きすぎるときや、縦横の比率は合っていてピクセル数が違うときに、"
            "LINEに合う大きさ（1MB以下）に直して保存します。"
        ),
    )
    areas = forms.JSONField(
        label=gettext_lazy("タップ領域"), widget=RichMenuAreasWidget, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["areas"].widget
        widget.menu_pk = self.instance.pk
        widget.image_url = self.instance.image.url if self.instance.image else ""
        bar = self.fields.get("chat_bar_text")
        if bar is not None:
            # The model's maxlength (100) let the browser cut nothing useful while
            # LINE's limit is 14: a live counter shows the real limit instead.
            bar.widget.attrs.pop("maxlength", None)
            bar.widget.attrs.update(counted_attrs(MAX_CHAT_BAR, "graphemes"))
        purpose = self.fields.get("purpose")
        if purpose is not None:
            purpose.help_text = PURPOSE_HELP
            if self.instance.pk is None and not self.is_bound:
                self.initial["purpose"] = first_free_purpose()

    def clean_chat_bar_text(self) -> str:
        value = self.cleaned_data["chat_bar_text"].strip()
        problem = too_long(_("メニューバーの文字"), graphemes(value), MAX_CHAT_BAR)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_areas(self) -> list:
        areas = self.cleaned_data.get("areas") or []
        if not isinstance(areas, list):
            raise forms.ValidationError(_("タップ領域を読み込めませんでした。"))
        return areas

    def clean(self) -> dict:
        cleaned = super().clean()
        size = cleaned.get("size") or self.instance.size
        image = cleaned.get("image")
        if image and size in SIZES:
            self._check_image(image, size, bool(cleaned.get("auto_fix_image")))
        problems = area_problems(
            cleaned.get("areas") or [],
            self.instance.pk,
            publishing="action-publish" in self.data,
        )
        for problem in problems:
            self.add_error("areas", problem)
        return cleaned

    def _check_image(self, image, size: str, auto_fix: bool) -> None:
        image.open("rb")
        image.seek(0)
        data = image.read()
        image.seek(0)
        check = check_image(data, size)
        if check.errors:
            for error in check.errors:
                self.add_error("image", error)
            return
        if not check.fixable:
            return
        if not auto_fix:
            for problem in check.fixable:
                self.add_error("image", problem)
            self.add_error(
                "image",
                _(
                    "「画像の大きさ・容量を自動で直す」にチェックを入れて保存すると、"
                    "自動で直します。"
                ),
            )
            return
        try:
            fixed, extension = fix_image(data, size)
        except ValueError:
            self.add_error(
                "image",
                _(
                    "自動では1MB以下にできませんでした。色数を減らすか、"
                    "JPEGで保存し直してください。"
                ),
            )
            return
        stem = PurePath(getattr(image, "name", "") or "menu").stem
        self.cleaned_data["image"] = ContentFile(fixed, name=f"{stem}.{extension}")
