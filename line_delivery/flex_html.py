"""Flex messages drawn as HTML, close to how the LINE app shows them.

Used by the "LINE" preview mode while editing and by the sandbox chat view. All text
is escaped: a page title can never inject markup into the admin.
"""

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


_SIZES = {
    "xxs": "11px", "xs": "13px", "sm": "14px", "md": "16px", "lg": "19px",
    "xl": "22px", "xxl": "29px", "3xl": "35px", "4xl": "48px", "5xl": "74px",
}  # fmt: skip
_SPACING = {
    "none": "0",
    "xs": "2px",
    "sm": "4px",
    "md": "8px",
    "lg": "12px",
    "xl": "16px",
    "xxl": "20px",
}


def _style(**items: str | None) -> str:
    return ";".join(
        f"{key.replace('_', '-')}:{value}" for key, value in items.items() if value
    )


def _component(node: dict[str, Any]) -> SafeString:
    kind = node.get("type")
    margin = _SPACING.get(node.get("margin", ""), node.get("margin"))
    if kind == "box":
        direction = (
            "row" if node.get("layout") in ("horizontal", "baseline") else "column"
        )
        style = _style(
            display="flex",
            flex_direction=direction,
            gap=_SPACING.get(node.get("spacing", "")),
            background=node.get("backgroundColor"),
            padding=_SPACING.get(node.get("paddingAll", ""), node.get("paddingAll")),
            margin_top=margin,
        )
        children = format_html_join(
            "", "{}", ((_component(child),) for child in node.get("contents", []))
        )
        return format_html('<div class="flex-box" style="{}">{}</div>', style, children)
    if kind == "text":
        style = _style(
            font_size=_SIZES.get(node.get("size", "md"), "16px"),
            color=node.get("color", "#111111"),
            font_weight="bold" if node.get("weight") == "bold" else None,
            white_space="pre-wrap" if node.get("wrap") else "nowrap",
            overflow="hidden",
            text_overflow="ellipsis",
            margin_top=margin,
        )
        return format_html(
            '<p class="flex-text" style="{}">{}</p>', style, node.get("text", "")
        )
    if kind == "image":
        ratio = node.get("aspectRatio", "1:1").replace(":", " / ")
        return format_html(
            '<img class="flex-image" src="{}" alt="" style="{}">',
            node.get("url", ""),
            _style(aspect_ratio=ratio, object_fit="cover", width="100%"),
        )
    if kind == "button":
        action = node.get("action", {})
        primary = node.get("style") == "primary"
        style = _style(
            background=node.get("color", "#1D4E89") if primary else "#EEEEEE",
            color="#FFFFFF" if primary else "#111111",
            margin_top=margin,
        )
        return format_html(
            '<a class="flex-button" style="{}" href="{}" target="_blank" rel="noopener" title="{}">{}</a>',
            style,
            action.get("uri", "#"),
            action.get("uri", ""),
            action.get("label", ""),
        )
    if kind == "separator":
        return mark_safe('<hr class="flex-separator">')
    return SafeString("")


def _bubble(bubble: dict[str, Any]) -> SafeString:
    parts = []
    for section in ("header", "hero", "body", "footer"):
        if section in bubble:
            parts.append(
                format_html(
                    '<div class="flex-{}">{}</div>',
                    section,
                    _component(bubble[section]),
                )
            )
    return format_html(
        '<div class="flex-bubble">{}</div>',
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def _balloon(message: dict[str, Any]) -> SafeString:
    kind = message.get("type")
    if kind == "text":
        return format_html('<div class="chat-text">{}</div>', message.get("text", ""))
    if kind == "template":
        template = message.get("template", {})
        buttons = format_html_join(
            "",
            '<span class="flex-button" style="background:#EEEEEE;color:#111">{}</span>',
            ((action.get("label", ""),) for action in template.get("actions", [])),
        )
        return format_html(
            '<div class="flex-bubble"><div class="flex-body">'
            '<p class="flex-text">{}</p>{}</div></div>',
            template.get("text", ""),
            buttons,
        )
    if kind != "flex":
        return format_html('<div class="chat-text">[{}]</div>', kind or "?")
    contents = message.get("contents", {})
    if contents.get("type") == "carousel":
        bubbles = format_html_join(
            "", "{}", ((_bubble(b),) for b in contents.get("contents", []))
        )
        return format_html('<div class="flex-carousel">{}</div>', bubbles)
    return _bubble(contents)


def render_message(message: dict[str, Any]) -> SafeString:
    """One LINE message as an HTML chat balloon, with its quick-reply buttons."""
    items = (message.get("quickReply") or {}).get("items", [])
    if not items:
        return _balloon(message)
    chips = format_html_join(
        "",
        '<span class="quick-reply">{}</span>',
        ((item.get("action", {}).get("label", ""),) for item in items),
    )
    return format_html(
        '{}<div class="quick-replies">{}</div>', _balloon(message), chips
    )
