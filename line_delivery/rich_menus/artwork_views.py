"""「画像を自動で作る」: draw the menu's image from its areas, preview it, save it as a draft.

The image is drawn from the latest draft (its layout and button names), in a theme
and with one icon per area that staff choose here. Saving puts the image on a new
draft revision, exactly as uploading one would; staff can replace it with their own
picture on the edit screen at any time.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cms import audit

from .artwork import (
    DEFAULT_THEME,
    ICONS,
    ICONS_BY_KEY,
    THEMES,
    THEMES_BY_KEY,
    Artwork,
    ArtworkUnavailable,
    draw_areas,
    suggest_icon,
)
from .models import RichMenu
from .views import _edit_url, _menu_for


NO_ICON = gettext_lazy("アイコンなし")


class ThemeSelect(forms.RadioSelect):
    """Radio buttons, each with swatches of the theme's tile colours."""

    option_template_name = "line_delivery/rich_menus/theme_option.html"

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        theme = THEMES_BY_KEY.get(str(value))
        option["swatches"] = theme.tiles if theme else ()
        return option


class ArtworkForm(forms.Form):
    theme = forms.ChoiceField(
        label=gettext_lazy("色の組み合わせ"),
        choices=[(theme.key, theme.label) for theme in THEMES],
        widget=ThemeSelect,
    )

    def __init__(self, *args: Any, areas: list[dict[str, Any]], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        choices = [("", NO_ICON), *((icon.key, icon.label) for icon in ICONS)]
        for number, area in enumerate(areas, start=1):
            label = str(area.get("label", "")).strip() or _("（名前なし）")
            self.fields[f"icon_{number}"] = forms.ChoiceField(
                label=_("領域%(n)d「%(label)s」のアイコン")
                % {"n": number, "label": label},
                choices=choices,
                required=False,
            )
        self.area_count = len(areas)

    def icons(self) -> list[str]:
        return [
            self.cleaned_data.get(f"icon_{n}", "")
            for n in range(1, self.area_count + 1)
        ]


def initial_choices(menu: RichMenu) -> dict[str, str]:
    """Last time's theme and icons, or a guess from the purpose and the names."""
    default_theme = "disaster" if menu.purpose == RichMenu.Purpose.DISASTER else ""
    theme = (menu.artwork or {}).get("theme") or default_theme or DEFAULT_THEME
    initial = {"theme": theme if theme in THEMES_BY_KEY else DEFAULT_THEME}
    for number, area in enumerate(menu.areas or [], start=1):
        icon = area.get("icon")
        if icon is None or (icon and icon not in ICONS_BY_KEY):
            icon = suggest_icon(str(area.get("label", "")), area.get("postback", ""))
        initial[f"icon_{number}"] = icon
    return initial


def _positions_problem(areas: list[dict[str, Any]]) -> str:
    if not areas:
        return _(
            "まだタップ領域がありません。編集画面で区切り方（レイアウト）を選び、"
            "各領域のボタンの名前を入れて「下書きを保存」してから、もう一度開いてください。"
        )
    try:
        for area in areas:
            [float(area[key]) for key in ("x", "y", "w", "h")]
    except (KeyError, TypeError, ValueError):
        return _(
            "タップ領域の位置を読み込めませんでした。編集画面で区切り方を選び直してください。"
        )
    return ""


def _save(
    request: HttpRequest,
    menu: RichMenu,
    draft: RichMenu,
    theme: str,
    icons: list[str],
    artwork: Artwork,
) -> None:
    for area, icon in zip(draft.areas, icons, strict=True):
        area["icon"] = icon
    draft.image.save(
        f"menu-{menu.pk}-auto.{artwork.extension}",
        ContentFile(artwork.data),
        save=False,
    )
    draft.artwork = {
        "theme": theme,
        "labels": [" ".join(str(a.get("label", "")).split()) for a in draft.areas],
        "file": draft.image.name,
    }
    # As Wagtail's edit view does: a live menu keeps its row (what is published)
    # and gets a draft revision; a menu never published is saved as well.
    if not draft.live:
        draft.save()
    draft.save_revision(user=request.user, log_action=True)
    audit.record(request, "richmenu.artwork", menu, theme=theme)


def _signature(draft: RichMenu, theme: str, icons: list[str]) -> str:
    """What the preview showed: saving anything else needs a new preview first."""
    shown = [draft.size, theme, icons, draft.areas]
    return hashlib.sha256(
        json.dumps(shown, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:32]


def _icon_gallery() -> list[dict[str, str]]:
    return [
        {
            "key": icon.key,
            "label": str(icon.label),
            "src": "data:image/svg+xml;base64,"
            + base64.b64encode(icon.path.read_bytes()).decode(),
        }
        for icon in ICONS
    ]


@require_http_methods(["GET", "POST"])
def generate_image(request: HttpRequest, menu_id: int) -> HttpResponse:
    menu = _menu_for(request, menu_id, "change")
    draft = menu.get_latest_revision_as_object()
    signature = changed = ""
    areas = list(draft.areas or [])
    problem = _positions_problem(areas)
    form = ArtworkForm(
        request.POST if request.method == "POST" else None,
        areas=areas if not problem else [],
        initial=initial_choices(draft),
    )
    artwork = None
    if not problem:
        if form.is_bound and form.is_valid():
            theme, icons = form.cleaned_data["theme"], form.icons()
        else:
            theme = form.initial["theme"]
            icons = [form.initial[f"icon_{n}"] for n in range(1, len(areas) + 1)]
        try:
            artwork = draw_areas(draft.size, areas, theme, icons)
        except ArtworkUnavailable as error:
            problem = str(error)
        signature = _signature(draft, theme, icons)
        wants_save = form.is_bound and form.is_valid() and "save" in request.POST
        if wants_save and request.POST.get("shown") != signature:
            changed = _(
                "選び直した内容でプレビューを作り直しました。この画像でよければ、"
                "もう一度「この画像を使う」を押してください。"
            )
        elif artwork and wants_save:
            _save(request, menu, draft, theme, icons, artwork)
            messages.success(
                request,
                _(
                    "画像を作って下書きに保存しました。「公開」するとLINEのメニューが"
                    "この画像になります。"
                ),
            )
            for warning in artwork.warnings:
                messages.warning(request, warning)
            return redirect(_edit_url(menu))
    preview = (
        "data:image/{};base64,{}".format(
            "png" if artwork.extension == "png" else "jpeg",
            base64.b64encode(artwork.data).decode(),
        )
        if artwork
        else ""
    )
    return TemplateResponse(
        request,
        "line_delivery/rich_menus/artwork.html",
        {
            "menu": menu,
            "draft": draft,
            "form": form,
            "icon_fields": [form[f"icon_{n}"] for n in range(1, form.area_count + 1)],
            "problem": problem,
            "changed": changed,
            "shown": signature,
            "gallery": _icon_gallery(),
            "preview": preview,
            "warnings": artwork.warnings if artwork else [],
            "size_kb": len(artwork.data) // 1000 if artwork else 0,
            "back_url": _edit_url(menu),
        },
    )
