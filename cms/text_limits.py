"""One rule for text that reaches residents: a limit is said, never enforced by cutting.

The browser side is ``static/js/char_counter.js`` (``data-char-limit``); the server side
refuses with a message naming the field, so staff shorten the text themselves.
"""

from django.utils.translation import gettext as _


def counted_attrs(limit: int, count: str = "") -> dict[str, str]:
    """Widget attributes for the live counter (``count``: "", "utf16" or "graphemes")."""
    attrs = {"data-char-limit": str(limit)}
    if count:
        attrs["data-char-count"] = count
    return attrs


def too_long(label: str, used: int, limit: int) -> str | None:
    """The Japanese refusal when ``used`` characters exceed ``limit`` (None when fine)."""
    if used <= limit:
        return None
    return _(
        "「%(label)s」は%(limit)d文字までです（いま%(used)d文字）。"
        "短くしてください（切り詰めはしません）。"
    ) % {"label": label, "limit": limit, "used": used}
