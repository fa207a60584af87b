"""Never silent: an answer LINE would refuse goes out as plain text that still answers.

Content comes from staff and imports (a category with no 出し方, a note with HTML or
5,000 characters, an emoji-only alias…); one bad field must not leave a resident with
no reply. Each refused answer is recorded for staff (``RefusedReply``, 返信の失敗)
with the problem in Japanese and the answer's first line, so they know what to fix.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags

from .validation import line_problems


logger = logging.getLogger(__name__)

TEXT_LIMIT = 4900  # UTF-16 units; LINE allows 5,000 per text message
EMPTY_ANSWER = (
    "お問い合わせありがとうございます。いまは自動でお答えできませんでした。"
    "お手数ですが、市役所へお問い合わせください。"
)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def sendable(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``messages`` if LINE would take them, else one plain-text message that answers."""
    problems = line_problems(messages)
    if not problems:
        return messages
    return refused(messages, problems)


def refused(
    messages: list[dict[str, Any]], problems: list[dict[str, str]]
) -> list[dict[str, Any]]:
    """Record the refusal for staff and return the plain-text answer to send instead."""
    text = plain_text(messages)
    problem = "; ".join(
        f"{p.get('message', '')}（{p.get('property', '')}）" for p in problems[:3]
    )[:300]
    # The first lines name the answer (a garbage answer: its category and item).
    subject = " / ".join(text.splitlines()[:2])[:100]
    logger.warning("LINE would refuse an answer (%s); sent as plain text", problem)
    _record(problem, subject)
    return [{"type": "text", "text": text}]


def _record(problem: str, subject: str) -> None:
    from .models import RefusedReply

    now = timezone.now()
    row, created = RefusedReply.objects.get_or_create(
        problem=problem, subject=subject, defaults={"count": 1, "last_at": now}
    )
    if not created:
        RefusedReply.objects.filter(pk=row.pk).update(
            count=F("count") + 1, last_at=now, resolved=False
        )


def plain_text(messages: list[dict[str, Any]]) -> str:
    """Every text a resident would have read, as one LINE-safe text (never empty)."""
    lines: list[str] = []
    for message in messages:
        if message.get("type") == "text":
            lines.append(str(message.get("text", "")))
        elif message.get("type") == "flex":
            lines.extend(_flex_texts(message.get("contents", {})))
            if not lines:
                lines.append(str(message.get("altText", "")))
    cleaned: list[str] = []
    for line in lines:
        line = strip_tags(_BREAK.sub("\n", line))
        line = "".join(c for c in line if not 0xD800 <= ord(c) <= 0xDFFF).strip()
        if line and (not cleaned or cleaned[-1] != line):
            cleaned.append(line)
    text = "\n".join(cleaned) or EMPTY_ANSWER
    return _cut_utf16(text, TEXT_LIMIT)


def _flex_texts(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        if (
            node.get("type") == "text"
            and node.get("text")
            or node.get("type") == "span"
            and node.get("text")
        ):
            found.append(str(node["text"]))
        for key, value in node.items():
            if key not in ("action", "text"):
                found.extend(_flex_texts(value))
    elif isinstance(node, list):
        for child in node:
            found.extend(_flex_texts(child))
    return found


def _cut_utf16(text: str, limit: int) -> str:
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    out, used = [], 0
    for char in text:
        size = len(char.encode("utf-16-le")) // 2
        if used + size > limit - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…"
