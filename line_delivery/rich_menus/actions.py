"""Tap areas as staff define them → LINE's rich-menu request, and the checks before it.

An area (stored in ``RichMenu.areas``) is plain data the visual editor writes::

    {
        "key": "k3f9a1",
        "x": 0,
        "y": 0,
        "w": 0.5,
        "h": 0.5,
        "label": "ごみの日",
        "action": "page" | "url" | "text" | "postback" | "switch",
        "page": 12,
        "url": "https://…",
        "text": "ペットボトル",
        "postback": "shelters",
        "menu": 3,
    }

Positions are fractions of the image, so staff never see pixels. Links go through our
redirect (``/line/rm/…``) and everything else is a postback carrying ``rm=<id>-<key>``,
so every tap can be counted (``stats``).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

import regex

from ..chat.postbacks import ACTIONS
from ..flex import absolute_url, page_link
from .layouts import SIZES, cells_to_bounds


if TYPE_CHECKING:
    from .models import LineRichMenu, RichMenu

ACTION_KINDS: dict[str, Any] = {
    "page": gettext_lazy("ページを開く"),
    "url": gettext_lazy("URLを開く"),
    "text": gettext_lazy("文字を送る"),
    "postback": gettext_lazy("決まった案内を表示"),
    "switch": gettext_lazy("別のメニュー（タブ）に切り替え"),
}

POSTBACK_LABELS: dict[str, Any] = {
    "garbage_today": gettext_lazy("今日のごみ収集日（地区別）"),
    "shelters": gettext_lazy("開設中の避難所"),
    "disaster_latest": gettext_lazy("発表中の防災情報"),
    "settings": gettext_lazy("受信設定の変更"),
    "help": gettext_lazy("使い方（ヘルプ）"),
    "staff": gettext_lazy("職員に相談（有人チャット）"),
}
if not set(POSTBACK_LABELS) <= set(ACTIONS):
    raise ImportError("a rich-menu postback the chat cannot answer")

MAX_AREAS = 20
LABEL_MAX = 20
TEXT_MAX = 300
URI_MAX = 1000


def new_area_key() -> str:
    return secrets.token_hex(3)


def graphemes(value: str) -> int:
    """LINE counts labels and chatBarText in grapheme clusters (line-platform.md §2.1)."""
    return len(regex.findall(r"\X", value))


def area_problems(
    areas: list[dict[str, Any]], menu_pk: int | None = None, *, publishing: bool = False
) -> list[str]:
    """Japanese problems with the areas, numbered as staff see them (領域1, 領域2 …).

    ``publishing``: also refuse a tab that switches to a menu not on LINE yet (the
    tap would fail on the phone: LINE knows no such alias); a draft may point at it.
    """
    from .models import RichMenu

    problems: list[str] = []
    if not areas:
        return [_("タップ領域がありません。レイアウトを選んでください。")]
    if len(areas) > MAX_AREAS:
        problems.append(
            _("タップ領域は%(max)d個までです（いま%(n)d個）。")
            % {"max": MAX_AREAS, "n": len(areas)}
        )
    for number, area in enumerate(areas, start=1):
        name = _("領域%(n)d") % {"n": number}
        label = str(area.get("label", "")).strip()
        if not label:
            problems.append(
                _("%(area)s: ボタンの名前を入れてください。") % {"area": name}
            )
        elif graphemes(label) > LABEL_MAX:
            problems.append(
                _("%(area)s: ボタンの名前は%(max)d文字までです。")
                % {"area": name, "max": LABEL_MAX}
            )
        try:
            x, y, w, h = (float(area[k]) for k in ("x", "y", "w", "h"))
        except (KeyError, TypeError, ValueError):
            problems.append(_("%(area)s: 位置が正しくありません。") % {"area": name})
            continue
        if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > 1.0001 or y + h > 1.0001:
            problems.append(
                _("%(area)s: 画像の外にはみ出しています。") % {"area": name}
            )
        kind = area.get("action")
        if kind == "page":
            page = Page.objects.filter(pk=area.get("page") or 0, live=True).first()
            if page is None:
                problems.append(
                    _("%(area)s: 開くページを選んでください（公開中のページ）。")
                    % {"area": name}
                )
        elif kind == "url":
            url = str(area.get("url", "")).strip()
            parts = urlsplit(url)
            if parts.scheme not in ("https", "http", "tel") or (
                parts.scheme != "tel" and not parts.netloc
            ):
                problems.append(
                    _("%(area)s: URLは https:// で始まる形で入れてください。")
                    % {"area": name}
                )
            elif len(iri_to_uri(url)) > URI_MAX:
                problems.append(
                    _("%(area)s: URLが長すぎます（%(max)d文字まで）。")
                    % {"area": name, "max": URI_MAX}
                )
        elif kind == "text":
            text = str(area.get("text", "")).strip()
            if not text:
                problems.append(
                    _("%(area)s: 送る文字を入れてください。") % {"area": name}
                )
            elif graphemes(text) > TEXT_MAX:
                problems.append(
                    _("%(area)s: 送る文字は%(max)d文字までです。")
                    % {"area": name, "max": TEXT_MAX}
                )
        elif kind == "postback":
            if area.get("postback") not in POSTBACK_LABELS:
                problems.append(
                    _("%(area)s: 表示する案内を選んでください。") % {"area": name}
                )
        elif kind == "switch":
            target = area.get("menu")
            if not target or not RichMenu.objects.filter(pk=target).exists():
                problems.append(
                    _("%(area)s: 切り替え先のメニューを選んでください。")
                    % {"area": name}
                )
            elif menu_pk is not None and int(target) == menu_pk:
                problems.append(
                    _("%(area)s: 自分自身には切り替えられません。") % {"area": name}
                )
            elif publishing:
                target_menu = RichMenu.objects.get(pk=target)
                if target_menu.live_line_object() is None:
                    problems.append(
                        _(
                            "%(area)s: 切り替え先のメニュー「%(name)s」はまだLINEに"
                            "公開されていません。先にそのメニューを公開してください。"
                        )
                        % {"area": name, "name": target_menu.name}
                    )
        else:
            problems.append(
                _("%(area)s: タップしたときの動きを選んでください。") % {"area": name}
            )
    return problems


def describe_areas(menu: RichMenu) -> list[dict[str, Any]]:
    """Each area with its position in % and what a tap does, in Japanese (preview)."""
    from .models import RichMenu

    described = []
    for number, area in enumerate(menu.areas or [], start=1):
        kind = area.get("action", "")
        if kind == "page":
            page = Page.objects.filter(pk=area.get("page") or 0).first()
            what = _("ページ「%(title)s」を開く") % {
                "title": page.title if page else "?"
            }
        elif kind == "url":
            what = _("%(url)s を開く") % {"url": area.get("url", "")}
        elif kind == "text":
            what = _("「%(text)s」と送る") % {"text": area.get("text", "")}
        elif kind == "postback":
            what = str(POSTBACK_LABELS.get(area.get("postback", ""), "?"))
        elif kind == "switch":
            target = RichMenu.objects.filter(pk=area.get("menu") or 0).first()
            what = _("「%(name)s」に切り替え") % {
                "name": target.name if target else "?"
            }
        else:
            what = _("（動きが決まっていません）")
        described.append(
            {
                "number": number,
                "label": area.get("label", ""),
                "what": what,
                "style": "left:{:.3f}%;top:{:.3f}%;width:{:.3f}%;height:{:.3f}%".format(
                    *(float(area.get(k, 0)) * 100 for k in ("x", "y", "w", "h"))
                ),
            }
        )
    return described


def tap_ref(line_menu: LineRichMenu, key: str) -> str:
    return f"{line_menu.pk}-{key}"


def _action(area: dict[str, Any], line_menu: LineRichMenu) -> tuple[dict, dict]:
    """LINE's action for one area, and what we keep to resolve the tap later."""
    from .models import RichMenu

    label = str(area["label"]).strip()
    kept: dict[str, Any] = {"key": area["key"], "label": label, "kind": area["action"]}
    ref = tap_ref(line_menu, area["key"])
    kind = area["action"]
    if kind in ("page", "url"):
        if kind == "page":
            target = page_link(Page.objects.get(pk=area["page"]).specific)
        else:
            target = iri_to_uri(str(area["url"]).strip())
        kept["target"] = target
        if target.startswith("tel:"):
            return {"type": "uri", "label": label, "uri": target}, kept
        link = absolute_url(reverse("rich_menu_link", args=[line_menu.pk, area["key"]]))
        return {"type": "uri", "label": label, "uri": link}, kept
    if kind == "text":
        kept["text"] = str(area["text"]).strip()
        return {
            "type": "postback",
            "label": label,
            "data": f"action=say&rm={ref}",
            "displayText": kept["text"],
        }, kept
    if kind == "postback":
        return {
            "type": "postback",
            "label": label,
            "data": f"action={area['postback']}&rm={ref}",
            "displayText": label,
        }, kept
    target_menu = RichMenu.objects.get(pk=area["menu"])
    kept["menu"] = target_menu.pk
    return {
        "type": "richmenuswitch",
        "label": label,
        "richMenuAliasId": target_menu.alias_id,
        "data": f"action=switch&rm={ref}",
    }, kept


def line_request(menu: RichMenu, line_menu: LineRichMenu) -> dict[str, Any]:
    """The ``RichMenuRequest`` for ``menu`` (a revision's object), for ``line_menu``."""
    size = SIZES[menu.size]
    bounds = cells_to_bounds(
        [(a["x"], a["y"], a["w"], a["h"]) for a in menu.areas], menu.size
    )
    areas, kept = [], []
    for area, area_bounds in zip(menu.areas, bounds, strict=True):
        action, resolved = _action(area, line_menu)
        areas.append({"bounds": area_bounds, "action": action})
        kept.append(resolved)
    body = {
        "size": {"width": size.width, "height": size.height},
        "selected": True,
        "name": menu.name[:300],
        "chatBarText": menu.chat_bar_text,
        "areas": areas,
    }
    return {"request": body, "_areas": kept}
