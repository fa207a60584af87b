"""LINE rules that the OpenAPI spec does not express (line-platform.md §2.1, §6.3).

The spec says nothing about text lengths, altText, Flex sizes, label lengths,
URI schemes, which actions are allowed where, etc.; LINE enforces them all
with a 400. These checks run after the schema pass and are written
defensively: a value of the wrong JSON type was already reported by the
schema pass, so it is skipped here rather than reported twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
import json
import re
from typing import Any

from .config import FakeLineConfig
from .spec import (
    Issue,
    enum_message,
    join,
    length_message,
    range_message,
    size_message,
    uri_problem,
    utf16_len,
)


try:  # grapheme clusters (\X); the stdlib ``re`` has no equivalent.
    import regex as _regex

    _GRAPHEME = _regex.compile(r"\X")

    def grapheme_len(text: str) -> int:
        """Number of user-perceived characters; LINE counts labels this way."""
        if text.isascii():
            return len(text)
        return len(_GRAPHEME.findall(text))

except ImportError:  # pragma: no cover - regex is pinned in requirements/test.txt
    import unicodedata

    def grapheme_len(text: str) -> int:
        """Approximation without ``regex``: skip combining marks, ZWJ and selectors."""
        count = 0
        joiner = False
        for char in text:
            if char == "\u200d":
                joiner = True
                continue
            if (
                unicodedata.combining(char)
                or 0xFE00 <= ord(char) <= 0xFE0F
                or 0x1F3FB <= ord(char) <= 0x1F3FF
            ):
                continue
            if joiner:
                joiner = False
                continue
            count += 1
        return count


USER_ID_RE = re.compile(r"^U[0-9a-f]{32}$")
GROUP_ID_RE = re.compile(r"^C[0-9a-f]{32}$")
ROOM_ID_RE = re.compile(r"^R[0-9a-f]{32}$")
RICH_MENU_ALIAS_RE = re.compile(r"^[a-z0-9_-]{1,32}$")
AGGREGATION_UNIT_RE = re.compile(r"^[a-zA-Z0-9_]{1,30}$")
UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
TRACKING_ID_RE = re.compile(r"^[a-zA-Z0-9\-.=,+*()%$&;:@{}!?<>\[\]]{1,100}$")
SUBSTITUTION_KEY_RE = re.compile(r"^[0-9a-zA-Z_]{1,20}$")

_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?$")
_RGB_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_PX_RE = re.compile(r"^\d+(?:\.\d+)?px$")
_PCT_RE = re.compile(r"^\d+(?:\.\d+)?%$")
_DEG_RE = re.compile(r"^(\d+(?:\.\d+)?)deg$")
_RATIO_RE = re.compile(r"^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$")
_SENDER_FORBIDDEN_RE = re.compile(r"\bline\b", re.IGNORECASE)

SPACING_KEYWORDS = ("none", "xs", "sm", "md", "lg", "xl", "xxl")
FONT_KEYWORDS = ("xxs", "xs", "sm", "md", "lg", "xl", "xxl", "3xl", "4xl", "5xl")
IMAGE_SIZE_KEYWORDS = (*FONT_KEYWORDS, "full")
BORDER_KEYWORDS = ("none", "light", "normal", "medium", "semi-bold", "bold")

# Which action types LINE allows in which context (docs "Action objects").
ACTIONS_TEMPLATE = ("postback", "message", "uri", "datetimepicker", "clipboard")
ACTIONS_FLEX = ("postback", "message", "uri", "datetimepicker", "clipboard")
ACTIONS_QUICK_REPLY = (
    "postback",
    "message",
    "uri",
    "datetimepicker",
    "camera",
    "cameraRoll",
    "location",
    "clipboard",
)
ACTIONS_RICH_MENU = (
    "postback",
    "message",
    "uri",
    "datetimepicker",
    "richmenuswitch",
    "clipboard",
)


def destination_kind(to: str) -> str | None:
    """``"user"``/``"group"``/``"room"`` for a valid push destination, else None."""
    if USER_ID_RE.match(to):
        return "user"
    if GROUP_ID_RE.match(to):
        return "group"
    if ROOM_ID_RE.match(to):
        return "room"
    return None


def compact_json_size(value: Any) -> int:
    """Bytes of the compact UTF-8 JSON encoding, how we measure Flex size limits."""
    return len(
        json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    )


class Checker:
    """Docs-level validation; collects :class:`Issue` objects like the schema pass."""

    def __init__(self, config: FakeLineConfig, issues: list[Issue]) -> None:
        self.config = config
        self.issues = issues
        self._animated = 0

    # ------------------------------------------------------------------ util

    def add(self, path: str, message: str) -> None:
        """Record one problem."""
        self.issues.append(Issue(path, message))

    def utf16_limit(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        max_len: int,
        *,
        required: bool = False,
    ) -> None:
        """String length in UTF-16 units (message text, altText, URLs...)."""
        self._length_limit(obj, key, path, max_len, utf16_len, required=required)

    def grapheme_limit(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        max_len: int,
        *,
        required: bool = False,
    ) -> None:
        """String length in grapheme clusters (labels, template text, chatBarText)."""
        self._length_limit(obj, key, path, max_len, grapheme_len, required=required)

    def _length_limit(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        max_len: int,
        measure: Callable[[str], int],
        *,
        required: bool,
    ) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(join(path, key), "must be specified")
            return
        if not isinstance(value, str):
            return
        if value == "" and required:
            self.add(join(path, key), "May not be empty")
            return
        if measure(value) > max_len:
            self.add(join(path, key), length_message(0, max_len))

    def uri(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        *,
        max_len: int,
        schemes: tuple[str, ...],
        required: bool = False,
    ) -> None:
        """A URL property: required, length, scheme, percent-encoding."""
        value = obj.get(key)
        prop = join(path, key)
        if value is None:
            if required:
                self.add(prop, "must be specified")
            return
        if not isinstance(value, str):
            return
        if len(value) > max_len:
            self.add(prop, length_message(0, max_len))
            return
        if uri_problem(value) is not None:
            self.add(prop, "invalid uri")
            return
        scheme = value.split(":", 1)[0].lower()
        if scheme not in schemes:
            self.add(prop, "invalid uri")

    def media_url(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = False
    ) -> None:
        """Image/video/audio URLs: HTTPS only, ≤2000 characters."""
        self.uri(
            obj,
            key,
            path,
            max_len=self.config.media_url_max_length,
            schemes=("https",),
            required=required,
        )

    def color(
        self, obj: dict[str, Any], key: str, path: str, *, rgb_only: bool = False
    ) -> None:
        """Hexadecimal colour code (#RRGGBB, or #RRGGBBAA where alpha is allowed)."""
        value = obj.get(key)
        if isinstance(value, str):
            pattern = _RGB_RE if rgb_only else _COLOR_RE
            if pattern.match(value) is None:
                self.add(join(path, key), "invalid color code")

    def keyword_or_unit(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        keywords: tuple[str, ...],
        *,
        px: bool = True,
        pct: bool = False,
    ) -> None:
        """Flex sizes: a keyword, ``{n}px`` and/or ``{n}%``."""
        value = obj.get(key)
        if not isinstance(value, str):
            return
        if value in keywords:
            return
        if px and _PX_RE.match(value):
            return
        if pct and _PCT_RE.match(value):
            return
        units = " or ".join(u for u, ok in (("px", px), ("%", pct)) if ok)
        allowed = ", ".join(keywords)
        detail = f"Must be one of [{allowed}]" if keywords else "Must be"
        self.add(
            join(path, key),
            f"{detail} or a value in {units}".replace("Must be or", "Must be"),
        )

    def aspect_ratio(self, obj: dict[str, Any], key: str, path: str) -> None:
        """``{width}:{height}``, each 1..100000, height ≤ 3 × width."""
        value = obj.get(key)
        if not isinstance(value, str):
            return
        match = _RATIO_RE.match(value)
        ok = False
        if match:
            width, height = float(match.group(1)), float(match.group(2))
            ok = 1 <= width <= 100000 and 1 <= height <= 100000 and height <= 3 * width
        if not ok:
            self.add(join(path, key), "invalid aspect ratio")

    def non_negative_int(self, obj: dict[str, Any], key: str, path: str) -> None:
        """Flex ``flex`` / ``maxLines``: integers ≥ 0."""
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            self.add(join(path, key), range_message(0, None))

    # -------------------------------------------------------------- messages

    def messages(
        self, messages: Any, path: str = "messages", *, destination: str | None = None
    ) -> None:
        """Validate the ``messages`` array of any send/validate endpoint.

        ``destination`` is ``"user"``, ``"group"`` or ``"room"`` when known
        (push), so destination-specific rules can be applied.
        """
        if not isinstance(messages, list):
            return
        self._animated = 0
        for index, message in enumerate(messages):
            if isinstance(message, dict):
                self.message(message, f"{path}[{index}]", destination)

    def message(
        self, message: dict[str, Any], path: str, destination: str | None
    ) -> None:
        """One message object, dispatched on ``type``."""
        kind = message.get("type")
        quick_reply = message.get("quickReply")
        if isinstance(quick_reply, dict):
            self.quick_reply(quick_reply, join(path, "quickReply"))
        sender = message.get("sender")
        if isinstance(sender, dict):
            self.sender(sender, join(path, "sender"))
        if kind == "text":
            self.text_message(message, path)
        elif kind == "textV2":
            self.text_v2_message(message, path, destination)
        elif kind in ("image", "video"):
            self.media_url(message, "originalContentUrl", path, required=True)
            self.media_url(message, "previewImageUrl", path, required=True)
            if kind == "video":
                tracking = message.get("trackingId")
                if isinstance(tracking, str):
                    if TRACKING_ID_RE.match(tracking) is None:
                        self.add(join(path, "trackingId"), "invalid trackingId")
                    if destination in ("group", "room"):
                        self.add(
                            join(path, "trackingId"),
                            "trackingId can't be used for group chats or multi-person chats",
                        )
        elif kind == "audio":
            self.media_url(message, "originalContentUrl", path, required=True)
            duration = message.get("duration")
            if (
                isinstance(duration, int)
                and not isinstance(duration, bool)
                and duration < 1
            ):
                self.add(join(path, "duration"), range_message(1, None))
        elif kind == "location":
            self.utf16_limit(message, "title", path, 100, required=True)
            self.utf16_limit(message, "address", path, 100, required=True)
            self._range(message, "latitude", path, -90, 90)
            self._range(message, "longitude", path, -180, 180)
        elif kind == "sticker":
            for key in ("packageId", "stickerId"):
                value = message.get(key)
                if isinstance(value, str) and not value.isdigit():
                    self.add(join(path, key), "invalid id")
        elif kind == "imagemap":
            self.imagemap_message(message, path)
        elif kind == "template":
            self.utf16_limit(
                message, "altText", path, self.config.alt_text_max_length, required=True
            )
            template = message.get("template")
            if isinstance(template, dict):
                self.template(template, join(path, "template"))
        elif kind == "flex":
            self.utf16_limit(
                message, "altText", path, self.config.alt_text_max_length, required=True
            )
            contents = message.get("contents")
            if isinstance(contents, dict):
                self.flex_container(contents, join(path, "contents"))
        elif kind == "coupon":
            tag = message.get("deliveryTag")
            if isinstance(tag, str) and AGGREGATION_UNIT_RE.match(tag) is None:
                self.add(join(path, "deliveryTag"), "invalid deliveryTag")

    def _range(
        self, obj: dict[str, Any], key: str, path: str, low: float, high: float
    ) -> None:
        value = obj.get(key)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if is_number and not low <= value <= high:
            self.add(join(path, key), range_message(low, high))

    def text_message(self, message: dict[str, Any], path: str) -> None:
        """Text: 1..5000 UTF-16 units; LINE emoji placeholders must line up."""
        text = message.get("text")
        if not isinstance(text, str):
            return
        if text == "":
            self.add(join(path, "text"), "May not be empty")
        elif utf16_len(text) > self.config.text_max_length:
            self.add(join(path, "text"), length_message(0, self.config.text_max_length))
        emojis = message.get("emojis")
        if not isinstance(emojis, list):
            return
        if len(emojis) > self.config.text_max_emojis:
            self.add(join(path, "emojis"), size_message(0, self.config.text_max_emojis))
        units = text.encode("utf-16-le")
        seen: set[int] = set()
        for index, emoji in enumerate(emojis):
            if not isinstance(emoji, dict):
                continue
            epath = f"{join(path, 'emojis')}[{index}]"
            for key in ("index", "productId", "emojiId"):
                if emoji.get(key) is None:
                    self.add(join(epath, key), "must be specified")
            position = emoji.get("index")
            if isinstance(position, int) and not isinstance(position, bool):
                offset = position * 2
                if (
                    position < 0
                    or offset + 2 > len(units)
                    or units[offset : offset + 2] != "$".encode("utf-16-le")
                    or position in seen
                ):
                    self.add(join(epath, "index"), "invalid emoji index")
                seen.add(position)

    def text_v2_message(
        self, message: dict[str, Any], path: str, destination: str | None
    ) -> None:
        """Text v2: ``{key}`` placeholders must match ``substitution`` keys."""
        text = message.get("text")
        if not isinstance(text, str):
            return
        if text == "":
            self.add(join(path, "text"), "May not be empty")
        elif utf16_len(text) > self.config.text_max_length:
            self.add(join(path, "text"), length_message(0, self.config.text_max_length))
        placeholders: list[str] = []
        position = 0
        while position < len(text):
            char = text[position]
            if char == "{":
                if text.startswith("{{", position):
                    position += 2
                    continue
                end = text.find("}", position)
                if end == -1:
                    self.add(join(path, "text"), "unbalanced '{' in text")
                    break
                placeholders.append(text[position + 1 : end])
                position = end + 1
                continue
            if char == "}":
                if text.startswith("}}", position):
                    position += 2
                    continue
                self.add(join(path, "text"), "unbalanced '}' in text")
                break
            position += 1
        substitution = message.get("substitution")
        subs = substitution if isinstance(substitution, dict) else {}
        if len(subs) > 100:
            self.add(join(path, "substitution"), size_message(0, 100))
        for key in subs:
            if SUBSTITUTION_KEY_RE.match(key) is None:
                self.add(
                    join(join(path, "substitution"), key), "invalid substitution key"
                )
        for name in placeholders:
            if name not in subs:
                self.add(join(path, "text"), f"no substitution for '{{{name}}}'")
        mentions = [
            s
            for s in subs.values()
            if isinstance(s, dict) and s.get("type") == "mention"
        ]
        emojis = [
            s for s in subs.values() if isinstance(s, dict) and s.get("type") == "emoji"
        ]
        if len(mentions) > 20:
            self.add(join(path, "substitution"), "Up to 20 mentions can be substituted")
        if len(emojis) > 20:
            self.add(join(path, "substitution"), "Up to 20 emoji can be substituted")
        if (
            mentions
            and destination is not None
            and destination not in ("group", "room")
        ):
            self.add(
                join(path, "substitution"),
                "mentions can only be sent to group chats or multi-person chats",
            )

    def imagemap_message(self, message: dict[str, Any], path: str) -> None:
        """Imagemap: base URL, fixed base width 1040, ≤50 actions inside the image."""
        self.media_url(message, "baseUrl", path, required=True)
        self.utf16_limit(
            message, "altText", path, self.config.alt_text_max_length, required=True
        )
        base = message.get("baseSize")
        base_w = base_h = None
        if isinstance(base, dict):
            base_w, base_h = base.get("width"), base.get("height")
            if isinstance(base_w, int) and base_w != 1040:
                self.add(join(join(path, "baseSize"), "width"), "Must be 1040")
            if isinstance(base_h, int) and base_h < 1:
                self.add(join(join(path, "baseSize"), "height"), range_message(1, None))
        actions = message.get("actions")
        if isinstance(actions, list):
            if len(actions) > 50:
                self.add(join(path, "actions"), size_message(0, 50))
            for index, action in enumerate(actions):
                if isinstance(action, dict):
                    apath = f"{join(path, 'actions')}[{index}]"
                    self.imagemap_action(action, apath, base_w, base_h)
        video = message.get("video")
        if isinstance(video, dict):
            vpath = join(path, "video")
            self.media_url(video, "originalContentUrl", vpath, required=True)
            self.media_url(video, "previewImageUrl", vpath, required=True)
            area = video.get("area")
            if area is None:
                self.add(join(vpath, "area"), "must be specified")
            elif isinstance(area, dict):
                self.imagemap_area(area, join(vpath, "area"), base_w, base_h)
            link = video.get("externalLink")
            if isinstance(link, dict):
                lpath = join(vpath, "externalLink")
                self.uri(
                    link,
                    "linkUri",
                    lpath,
                    max_len=self.config.uri_max_length,
                    schemes=self.config.allowed_uri_schemes,
                    required=True,
                )
                self.utf16_limit(link, "label", lpath, 30, required=True)

    def imagemap_action(
        self, action: dict[str, Any], path: str, base_w: Any, base_h: Any
    ) -> None:
        """Imagemap uri/message/clipboard actions."""
        self.utf16_limit(action, "label", path, 100)
        kind = action.get("type")
        if kind == "uri":
            self.uri(
                action,
                "linkUri",
                path,
                max_len=self.config.uri_max_length,
                schemes=self.config.allowed_uri_schemes,
                required=True,
            )
        elif kind == "message":
            self.utf16_limit(action, "text", path, 400, required=True)
        area = action.get("area")
        if isinstance(area, dict):
            self.imagemap_area(area, join(path, "area"), base_w, base_h)

    def imagemap_area(
        self, area: dict[str, Any], path: str, base_w: Any, base_h: Any
    ) -> None:
        """Tappable areas start at ≥0, are ≥1 px and stay inside the base size."""
        values = {k: area.get(k) for k in ("x", "y", "width", "height")}
        if not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values.values()
        ):
            return
        if values["x"] < 0:
            self.add(join(path, "x"), range_message(0, None))
        if values["y"] < 0:
            self.add(join(path, "y"), range_message(0, None))
        if values["width"] < 1:
            self.add(join(path, "width"), range_message(1, None))
        if values["height"] < 1:
            self.add(join(path, "height"), range_message(1, None))
        if isinstance(base_w, int) and values["x"] + values["width"] > base_w:
            self.add(join(path, "width"), "area exceeds baseSize.width")
        if isinstance(base_h, int) and values["y"] + values["height"] > base_h:
            self.add(join(path, "height"), "area exceeds baseSize.height")

    def quick_reply(self, quick_reply: dict[str, Any], path: str) -> None:
        """Quick reply: 1..13 items of ``type: action`` with a required label."""
        items = quick_reply.get("items")
        ipath = join(path, "items")
        if items is None:
            self.add(ipath, "must be specified")
            return
        if not isinstance(items, list):
            return
        if not 1 <= len(items) <= self.config.quick_reply_max_items:
            self.add(ipath, size_message(1, self.config.quick_reply_max_items))
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            item_path = f"{ipath}[{index}]"
            if item.get("type") != "action":
                self.add(join(item_path, "type"), enum_message(["action"]))
            self.media_url(item, "imageUrl", item_path)
            action = item.get("action")
            if action is None:
                self.add(join(item_path, "action"), "must be specified")
            elif isinstance(action, dict):
                self.action(
                    action,
                    join(item_path, "action"),
                    allowed=ACTIONS_QUICK_REPLY,
                    label_max=20,
                    label_required=True,
                )

    def sender(self, sender: dict[str, Any], path: str) -> None:
        """Custom sender: name ≤20 without "LINE", icon URL HTTPS ≤2000."""
        name = sender.get("name")
        if isinstance(name, str):
            if name == "":
                self.add(join(path, "name"), "May not be empty")
            elif _SENDER_FORBIDDEN_RE.search(name):
                self.add(join(path, "name"), "contains a word that can't be used")
        self.media_url(sender, "iconUrl", path)

    # ------------------------------------------------------------- templates

    def template(self, template: dict[str, Any], path: str) -> None:
        """Buttons, confirm, carousel and image carousel templates."""
        kind = template.get("type")
        if kind == "buttons":
            has_header = bool(
                template.get("thumbnailImageUrl") or template.get("title")
            )
            self.template_column(
                template, path, text_max=60 if has_header else 160, max_actions=4
            )
            self._template_image_options(template, path)
        elif kind == "confirm":
            self.grapheme_limit(template, "text", path, 240, required=True)
            actions = template.get("actions")
            if isinstance(actions, list):
                if len(actions) != 2:
                    self.add(join(path, "actions"), size_message(2, 2))
                self._template_actions(actions, join(path, "actions"))
        elif kind == "carousel":
            columns = template.get("columns")
            self._template_image_options(template, path)
            if not isinstance(columns, list):
                return
            cpath = join(path, "columns")
            if not 1 <= len(columns) <= 10:
                self.add(cpath, size_message(1, 10))
            shapes: set[tuple[int, bool, bool]] = set()
            for index, column in enumerate(columns):
                if not isinstance(column, dict):
                    continue
                has_image = bool(column.get("thumbnailImageUrl"))
                has_title = bool(column.get("title"))
                self.template_column(
                    column,
                    f"{cpath}[{index}]",
                    text_max=60 if (has_image or has_title) else 120,
                    max_actions=3,
                )
                actions = column.get("actions")
                count = len(actions) if isinstance(actions, list) else 0
                shapes.add((count, has_image, has_title))
            if len(shapes) > 1:
                self.add(
                    cpath,
                    "all columns must have the same number of actions and the same "
                    "use of thumbnailImageUrl and title",
                )
        elif kind == "image_carousel":
            columns = template.get("columns")
            if not isinstance(columns, list):
                return
            cpath = join(path, "columns")
            if not 1 <= len(columns) <= 10:
                self.add(cpath, size_message(1, 10))
            for index, column in enumerate(columns):
                if not isinstance(column, dict):
                    continue
                col_path = f"{cpath}[{index}]"
                self.media_url(column, "imageUrl", col_path, required=True)
                action = column.get("action")
                if isinstance(action, dict):
                    self.action(
                        action,
                        join(col_path, "action"),
                        allowed=ACTIONS_TEMPLATE,
                        label_max=12,
                        label_required=False,
                    )

    def _template_image_options(self, template: dict[str, Any], path: str) -> None:
        ratio = template.get("imageAspectRatio")
        if isinstance(ratio, str) and ratio not in ("rectangle", "square"):
            self.add(
                join(path, "imageAspectRatio"), enum_message(["rectangle", "square"])
            )
        size = template.get("imageSize")
        if isinstance(size, str) and size not in ("cover", "contain"):
            self.add(join(path, "imageSize"), enum_message(["cover", "contain"]))

    def template_column(
        self, column: dict[str, Any], path: str, *, text_max: int, max_actions: int
    ) -> None:
        """Buttons template body or carousel column."""
        self.media_url(column, "thumbnailImageUrl", path)
        self.color(column, "imageBackgroundColor", path, rgb_only=True)
        self.grapheme_limit(column, "title", path, 40)
        self.grapheme_limit(column, "text", path, text_max, required=True)
        default_action = column.get("defaultAction")
        if isinstance(default_action, dict):
            self.action(
                default_action,
                join(path, "defaultAction"),
                allowed=ACTIONS_TEMPLATE,
                label_max=20,
                label_required=False,
            )
        actions = column.get("actions")
        if isinstance(actions, list):
            if not 1 <= len(actions) <= max_actions:
                self.add(join(path, "actions"), size_message(1, max_actions))
            self._template_actions(actions, join(path, "actions"))

    def _template_actions(self, actions: list[Any], path: str) -> None:
        for index, action in enumerate(actions):
            if isinstance(action, dict):
                self.action(
                    action,
                    f"{path}[{index}]",
                    allowed=ACTIONS_TEMPLATE,
                    label_max=20,
                    label_required=True,
                )

    # ------------------------------------------------------------------ flex

    def flex_container(self, container: dict[str, Any], path: str) -> None:
        """Bubble (≤30 KB) or carousel (≤12 same-size bubbles, ≤50 KB)."""
        kind = container.get("type")
        if kind == "bubble":
            if compact_json_size(container) > self.config.flex_bubble_max_bytes:
                self.add(
                    path,
                    f"bubble JSON must be {self.config.flex_bubble_max_bytes} bytes or less",
                )
            self.bubble(container, path, in_carousel=False)
        elif kind == "carousel":
            bubbles = container.get("contents")
            if not isinstance(bubbles, list):
                return
            bpath = join(path, "contents")
            if not 1 <= len(bubbles) <= self.config.flex_carousel_max_bubbles:
                self.add(bpath, size_message(1, self.config.flex_carousel_max_bubbles))
            if compact_json_size(container) > self.config.flex_carousel_max_bytes:
                self.add(
                    path,
                    f"carousel JSON must be {self.config.flex_carousel_max_bytes} bytes or less",
                )
            sizes: set[str] = set()
            for index, bubble in enumerate(bubbles):
                if not isinstance(bubble, dict):
                    continue
                size = bubble.get("size", "mega")
                if isinstance(size, str):
                    sizes.add(size)
                if compact_json_size(bubble) > self.config.flex_bubble_max_bytes:
                    self.add(
                        f"{bpath}[{index}]",
                        f"bubble JSON must be {self.config.flex_bubble_max_bytes} bytes or less",
                    )
                self.bubble(bubble, f"{bpath}[{index}]", in_carousel=True)
            if len(sizes) > 1:
                self.add(bpath, "all bubbles in a carousel must have the same size")

    def bubble(self, bubble: dict[str, Any], path: str, *, in_carousel: bool) -> None:
        """Bubble blocks, styles and the hero/video rules."""
        for block in ("header", "body", "footer"):
            box = bubble.get(block)
            if isinstance(box, dict):
                self.flex_component(box, join(path, block), parent_layout=None)
        hero = bubble.get("hero")
        if isinstance(hero, dict):
            hero_path = join(path, "hero")
            hero_type = hero.get("type")
            if hero_type not in ("box", "image", "video"):
                if isinstance(hero_type, str):
                    self.add(
                        join(hero_path, "type"), enum_message(["box", "image", "video"])
                    )
            elif hero_type == "video":
                if in_carousel:
                    self.add(
                        hero_path, "video can't be used in a bubble inside a carousel"
                    )
                if bubble.get("size", "mega") not in ("kilo", "mega", "giga"):
                    self.add(hero_path, "video requires bubble size kilo, mega or giga")
                self.flex_video(hero, hero_path)
            else:
                self.flex_component(hero, hero_path, parent_layout=None)
        styles = bubble.get("styles")
        if isinstance(styles, dict):
            for block in ("header", "hero", "body", "footer"):
                style = styles.get(block)
                if isinstance(style, dict):
                    spath = join(join(path, "styles"), block)
                    self.color(style, "backgroundColor", spath)
                    self.color(style, "separatorColor", spath)
        action = bubble.get("action")
        if isinstance(action, dict):
            self.flex_action(action, join(path, "action"), label_required=False)

    def flex_action(
        self, action: dict[str, Any], path: str, *, label_required: bool
    ) -> None:
        """Actions inside Flex: label ≤40 (required on buttons)."""
        self.action(
            action,
            path,
            allowed=ACTIONS_FLEX,
            label_max=40,
            label_required=label_required,
        )

    def _flex_position(self, component: dict[str, Any], path: str) -> None:
        self.keyword_or_unit(component, "margin", path, SPACING_KEYWORDS)
        for key in ("offsetTop", "offsetBottom", "offsetStart", "offsetEnd"):
            self.keyword_or_unit(component, key, path, SPACING_KEYWORDS, pct=True)

    def flex_component(
        self, component: dict[str, Any], path: str, *, parent_layout: str | None
    ) -> None:
        """One Flex component; ``parent_layout`` restricts what a box may contain."""
        kind = component.get("type")
        if parent_layout is not None and isinstance(kind, str):
            allowed = (
                ("icon", "text", "filler")
                if parent_layout == "baseline"
                else ("box", "button", "image", "text", "separator", "filler")
            )
            if kind not in allowed:
                self.add(join(path, "type"), enum_message(list(allowed)))
                return
        if kind == "box":
            self.flex_box(component, path)
        elif kind == "button":
            self._flex_position(component, path)
            self.non_negative_int(component, "flex", path)
            self.color(component, "color", path)
            action = component.get("action")
            if isinstance(action, dict):
                self.flex_action(action, join(path, "action"), label_required=True)
        elif kind == "image":
            self.flex_image(component, path)
        elif kind == "icon":
            self.media_url(component, "url", path, required=True)
            self._flex_position(component, path)
            self.keyword_or_unit(component, "size", path, FONT_KEYWORDS)
            self.aspect_ratio(component, "aspectRatio", path)
        elif kind == "text":
            self.flex_text(component, path)
        elif kind == "separator":
            self.keyword_or_unit(component, "margin", path, SPACING_KEYWORDS)
            self.color(component, "color", path)
        elif kind == "filler":
            self.non_negative_int(component, "flex", path)
        elif kind == "video":
            self.add(path, "video can only be used directly in the hero block")

    def flex_box(self, box: dict[str, Any], path: str) -> None:
        """Box: layout-dependent children, spacing/padding/size units, gradient."""
        layout = box.get("layout")
        self._flex_position(box, path)
        self.non_negative_int(box, "flex", path)
        self.keyword_or_unit(box, "spacing", path, SPACING_KEYWORDS)
        for key in (
            "paddingAll",
            "paddingTop",
            "paddingBottom",
            "paddingStart",
            "paddingEnd",
        ):
            self.keyword_or_unit(box, key, path, SPACING_KEYWORDS, pct=True)
        for key in ("width", "maxWidth", "height", "maxHeight"):
            self.keyword_or_unit(box, key, path, (), pct=True)
        self.keyword_or_unit(box, "borderWidth", path, BORDER_KEYWORDS)
        self.keyword_or_unit(box, "cornerRadius", path, SPACING_KEYWORDS)
        self.color(box, "backgroundColor", path)
        self.color(box, "borderColor", path)
        background = box.get("background")
        if isinstance(background, dict) and background.get("type") == "linearGradient":
            bpath = join(path, "background")
            for key in ("angle", "startColor", "endColor"):
                if background.get(key) is None:
                    self.add(join(bpath, key), "must be specified")
            angle = background.get("angle")
            if isinstance(angle, str):
                match = _DEG_RE.match(angle)
                if match is None or not 0 <= float(match.group(1)) < 360:
                    self.add(join(bpath, "angle"), "invalid angle")
            for key in ("startColor", "endColor", "centerColor"):
                self.color(background, key, bpath)
            position = background.get("centerPosition")
            if isinstance(position, str) and (
                not _PCT_RE.match(position) or float(position[:-1]) > 100
            ):
                self.add(join(bpath, "centerPosition"), "invalid centerPosition")
        action = box.get("action")
        if isinstance(action, dict):
            self.flex_action(action, join(path, "action"), label_required=False)
        contents = box.get("contents")
        if isinstance(contents, list) and isinstance(layout, str):
            cpath = join(path, "contents")
            for index, child in enumerate(contents):
                if isinstance(child, dict):
                    self.flex_component(
                        child, f"{cpath}[{index}]", parent_layout=layout
                    )

    def flex_image(self, image: dict[str, Any], path: str) -> None:
        """Flex image: HTTPS URL, size keyword/px/%, aspect ratio, ≤10 animated."""
        self.media_url(image, "url", path, required=True)
        self._flex_position(image, path)
        self.non_negative_int(image, "flex", path)
        self.keyword_or_unit(image, "size", path, IMAGE_SIZE_KEYWORDS, pct=True)
        self.aspect_ratio(image, "aspectRatio", path)
        self.color(image, "backgroundColor", path)
        if image.get("animated") is True:
            self._animated += 1
            if self._animated > self.config.flex_max_animated_images:
                self.add(
                    join(path, "animated"),
                    f"at most {self.config.flex_max_animated_images} animated images per message",
                )
        action = image.get("action")
        if isinstance(action, dict):
            self.flex_action(action, join(path, "action"), label_required=False)

    def flex_video(self, video: dict[str, Any], path: str) -> None:
        """Flex video (hero only): URLs, box/image alternative content, URI action."""
        self.media_url(video, "url", path, required=True)
        self.media_url(video, "previewUrl", path, required=True)
        self.aspect_ratio(video, "aspectRatio", path)
        alt = video.get("altContent")
        if isinstance(alt, dict):
            apath = join(path, "altContent")
            if alt.get("type") not in ("box", "image"):
                self.add(join(apath, "type"), enum_message(["box", "image"]))
            else:
                self.flex_component(alt, apath, parent_layout=None)
        action = video.get("action")
        if isinstance(action, dict):
            if action.get("type") != "uri":
                self.add(join(join(path, "action"), "type"), enum_message(["uri"]))
            else:
                self.flex_action(action, join(path, "action"), label_required=False)

    def flex_text(self, text: dict[str, Any], path: str) -> None:
        """Flex text: ``text`` or span ``contents`` is required."""
        value = text.get("text")
        spans = text.get("contents")
        has_spans = isinstance(spans, list) and len(spans) > 0
        if not has_spans:
            if value is None:
                self.add(join(path, "text"), "must be specified")
            elif value == "":
                self.add(join(path, "text"), "May not be empty")
        self._flex_position(text, path)
        self.non_negative_int(text, "flex", path)
        self.non_negative_int(text, "maxLines", path)
        self.keyword_or_unit(text, "size", path, FONT_KEYWORDS)
        line_spacing = text.get("lineSpacing")
        if isinstance(line_spacing, str) and _PX_RE.match(line_spacing) is None:
            self.add(join(path, "lineSpacing"), "Must be a value in px")
        self.color(text, "color", path)
        action = text.get("action")
        if isinstance(action, dict):
            self.flex_action(action, join(path, "action"), label_required=False)
        if isinstance(spans, list):
            spath = join(path, "contents")
            for index, span in enumerate(spans):
                if isinstance(span, dict):
                    self.keyword_or_unit(
                        span, "size", f"{spath}[{index}]", FONT_KEYWORDS
                    )
                    self.color(span, "color", f"{spath}[{index}]")

    # --------------------------------------------------------------- actions

    def action(
        self,
        action: dict[str, Any],
        path: str,
        *,
        allowed: tuple[str, ...],
        label_max: int,
        label_required: bool,
    ) -> None:
        """Any action object in a given context (which types, label rules)."""
        kind = action.get("type")
        if not isinstance(kind, str):
            return
        if kind not in allowed:
            self.add(join(path, "type"), enum_message(list(allowed)))
            return
        if kind in ("camera", "cameraRoll", "location"):
            self.grapheme_limit(action, "label", path, 20, required=True)
        elif kind == "richmenuswitch":
            self.grapheme_limit(action, "label", path, 20)
        else:
            self.grapheme_limit(
                action, "label", path, label_max, required=label_required
            )
        limit = self.config.postback_data_max_length
        if kind == "postback":
            self.utf16_limit(action, "data", path, limit, required=True)
            self.grapheme_limit(action, "displayText", path, 300)
            self.grapheme_limit(action, "text", path, 300)
            self.grapheme_limit(action, "fillInText", path, 300)
            if action.get("displayText") is not None and action.get("text") is not None:
                self.add(join(path, "text"), "displayText and text can't both be used")
        elif kind == "message":
            self.grapheme_limit(action, "text", path, 300, required=True)
        elif kind == "uri":
            self.uri(
                action,
                "uri",
                path,
                max_len=self.config.uri_max_length,
                schemes=self.config.allowed_uri_schemes,
                required=True,
            )
            alt = action.get("altUri")
            if isinstance(alt, dict):
                self.uri(
                    alt,
                    "desktop",
                    join(path, "altUri"),
                    max_len=self.config.uri_max_length,
                    schemes=self.config.allowed_uri_schemes,
                    required=True,
                )
        elif kind == "datetimepicker":
            self.utf16_limit(action, "data", path, limit, required=True)
            self.datetime_picker(action, path)
        elif kind == "richmenuswitch":
            self.utf16_limit(action, "data", path, limit, required=True)
            alias = action.get("richMenuAliasId")
            if alias is None:
                self.add(join(path, "richMenuAliasId"), "must be specified")
            elif isinstance(alias, str) and RICH_MENU_ALIAS_RE.match(alias) is None:
                self.add(
                    join(path, "richMenuAliasId"), 'Must match "^[a-z0-9_-]{1,32}$"'
                )
        elif kind == "clipboard":
            self.utf16_limit(action, "clipboardText", path, 1000, required=True)

    def datetime_picker(self, action: dict[str, Any], path: str) -> None:
        """``mode`` is required; initial/min/max follow the mode's format and order."""
        mode = action.get("mode")
        if mode is None:
            self.add(join(path, "mode"), "must be specified")
            return
        if mode not in ("date", "time", "datetime"):
            return
        parsed: dict[str, str] = {}
        for key in ("initial", "max", "min"):
            value = action.get(key)
            if not isinstance(value, str):
                continue
            normal = _parse_picker_value(mode, value)
            if normal is None:
                self.add(join(path, key), f"invalid {mode} format")
            else:
                parsed[key] = normal
        if "min" in parsed and "max" in parsed and not parsed["min"] < parsed["max"]:
            self.add(join(path, "max"), "max must be greater than min")
        if "initial" in parsed:
            if "min" in parsed and parsed["initial"] < parsed["min"]:
                self.add(join(path, "initial"), "initial must not be less than min")
            if "max" in parsed and parsed["initial"] > parsed["max"]:
                self.add(join(path, "initial"), "initial must not be greater than max")

    # ------------------------------------------------------------ rich menus

    def rich_menu(self, menu: Any, path: str = "") -> None:
        """Rich menu object: the docs make all five fields required."""
        if not isinstance(menu, dict):
            return
        for key in ("size", "selected", "name", "chatBarText", "areas"):
            if menu.get(key) is None:
                self.add(join(path, key), "must be specified")
        size = menu.get("size")
        width = height = None
        if isinstance(size, dict):
            spath = join(path, "size")
            width, height = size.get("width"), size.get("height")
            for key in ("width", "height"):
                if size.get(key) is None:
                    self.add(join(spath, key), "must be specified")
            if isinstance(width, int) and not 800 <= width <= 2500:
                self.add(join(spath, "width"), range_message(800, 2500))
            if isinstance(height, int) and height < 250:
                self.add(join(spath, "height"), range_message(250, None))
            if (
                isinstance(width, int)
                and isinstance(height, int)
                and height > 0
                and width / height < 1.45
            ):
                self.add(spath, "aspect ratio (width / height) must be at least 1.45")
        self.grapheme_limit(menu, "name", path, 300, required=True)
        self.grapheme_limit(menu, "chatBarText", path, 14, required=True)
        areas = menu.get("areas")
        if not isinstance(areas, list):
            return
        apath = join(path, "areas")
        if len(areas) > 20:
            self.add(apath, size_message(0, 20))
        for index, area in enumerate(areas):
            if not isinstance(area, dict):
                continue
            area_path = f"{apath}[{index}]"
            bounds = area.get("bounds")
            if bounds is None:
                self.add(join(area_path, "bounds"), "must be specified")
            elif isinstance(bounds, dict):
                bpath = join(area_path, "bounds")
                values = {}
                for key in ("x", "y", "width", "height"):
                    if bounds.get(key) is None:
                        self.add(join(bpath, key), "must be specified")
                    values[key] = bounds.get(key)
                if all(isinstance(v, int) for v in values.values()):
                    if isinstance(width, int) and values["x"] + values["width"] > width:
                        self.add(bpath, "bounds exceed the rich menu width")
                    if (
                        isinstance(height, int)
                        and values["y"] + values["height"] > height
                    ):
                        self.add(bpath, "bounds exceed the rich menu height")
            action = area.get("action")
            if action is None:
                self.add(join(area_path, "action"), "must be specified")
            elif isinstance(action, dict):
                self.action(
                    action,
                    join(area_path, "action"),
                    allowed=ACTIONS_RICH_MENU,
                    label_max=20,
                    label_required=False,
                )

    # ------------------------------------------------------------ narrowcast

    def narrowcast(self, body: dict[str, Any]) -> None:
        """Recipient/filter operator rules, object counts and ``limit`` options."""
        recipient = body.get("recipient")
        if isinstance(recipient, dict):
            count = self._recipient(recipient, "recipient")
            if count > 10:
                self.add(
                    "recipient", "Up to 10 audience and redelivery objects in total"
                )
        filt = body.get("filter")
        if isinstance(filt, dict):
            demographic = filt.get("demographic")
            if isinstance(demographic, dict):
                count = self._demographic(demographic, "filter.demographic")
                if count > 10:
                    self.add(
                        "filter.demographic", "Up to 10 demographic filter objects"
                    )
        limit = body.get("limit")
        if (
            isinstance(limit, dict)
            and limit.get("forbidPartialDelivery") is True
            and limit.get("upToRemainingQuota") is not True
        ):
            self.add(
                "limit.forbidPartialDelivery",
                "The option forbidPartialDelivery must be used with upToRemainingQuota.",
            )

    def _operator(self, node: dict[str, Any], path: str) -> list[tuple[str, Any]]:
        present = [
            (k, node.get(k)) for k in ("and", "or", "not") if node.get(k) is not None
        ]
        if len(present) != 1:
            self.add(path, "exactly one of 'and', 'or' or 'not' must be specified")
        for key, value in present:
            if key in ("and", "or") and isinstance(value, list) and not value:
                self.add(join(path, key), size_message(1, None))
        children: list[tuple[str, Any]] = []
        for key, value in present:
            if isinstance(value, list):
                children.extend(
                    (f"{join(path, key)}[{i}]", v) for i, v in enumerate(value)
                )
            else:
                children.append((join(path, key), value))
        return children

    def _recipient(self, node: dict[str, Any], path: str) -> int:
        kind = node.get("type")
        if kind in ("audience", "redelivery"):
            key = "audienceGroupId" if kind == "audience" else "requestId"
            if node.get(key) is None:
                self.add(join(path, key), "must be specified")
            return 1
        if kind == "operator":
            total = 0
            for child_path, child in self._operator(node, path):
                if isinstance(child, dict):
                    total += self._recipient(child, child_path)
            return total
        return 0

    def _demographic(self, node: dict[str, Any], path: str) -> int:
        kind = node.get("type")
        if kind == "operator":
            total = 0
            for child_path, child in self._operator(node, path):
                if isinstance(child, dict):
                    total += self._demographic(child, child_path)
            return total
        if kind in ("age", "subscriptionPeriod"):
            if node.get("gte") is None and node.get("lt") is None:
                self.add(path, "either 'gte' or 'lt' must be specified")
            gte, lt = node.get("gte"), node.get("lt")
            if (
                isinstance(gte, str)
                and isinstance(lt, str)
                and _rank(kind, gte) >= _rank(kind, lt)
            ):
                self.add(join(path, "lt"), "'lt' must be greater than 'gte'")
        elif kind in ("gender", "appType", "area"):
            values = node.get("oneOf")
            if values is None:
                self.add(join(path, "oneOf"), "must be specified")
            elif isinstance(values, list) and not values:
                self.add(join(path, "oneOf"), size_message(1, None))
        return 1


_SUBSCRIPTION_ORDER = ("day_7", "day_30", "day_90", "day_180", "day_365")


def _rank(kind: str, value: str) -> int:
    if kind == "age":
        try:
            return int(value.split("_", 1)[1])
        except (IndexError, ValueError):
            return -1
    return _SUBSCRIPTION_ORDER.index(value) if value in _SUBSCRIPTION_ORDER else -1


def _parse_picker_value(mode: str, value: str) -> str | None:
    """Normalise a datetime picker value for comparison, or None if malformed."""
    if mode == "time":
        if re.fullmatch(r"\d{2}:\d{2}", value) is None:
            return None
        hour, minute = int(value[:2]), int(value[3:])
        return value if hour <= 23 and minute <= 59 else None
    date_part = value[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_part) is None:
        return None
    try:
        day = date.fromisoformat(date_part)
    except ValueError:
        return None
    if not date(1900, 1, 1) <= day <= date(2100, 12, 31):
        return None
    if mode == "date":
        return date_part if len(value) == 10 else None
    rest = value[10:]
    if re.fullmatch(r"[Tt]\d{2}:\d{2}", rest) is None:
        return None
    hour, minute = int(rest[1:3]), int(rest[4:6])
    if hour > 23 or minute > 59:
        return None
    return f"{date_part}T{rest[1:]}"
