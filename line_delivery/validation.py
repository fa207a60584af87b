"""Check messages against LINE's rules before they can be sent, and say what to fix.

The checks are the LINE emulator's (``line_emulator``): the official schema plus the
documented limits (UTF-16 lengths, Flex sizes, URI length and encoding, labels). Each
problem is turned into a Japanese message naming the page field staff should change.
"""

from functools import cache, lru_cache
import json
from typing import Any

from django.utils.translation import gettext as _

from home.channels import FieldError

from .flex import Message, page_message
from .line_emulator.app import LineApp, Request
from .line_emulator.config import FakeLineConfig


_VALIDATOR_TOKEN = "local-validator"  # noqa: S105 - never leaves the process

FIELD_LABELS = {
    "title": "タイトル",
    "summary": "要約",
    "slug": "スラッグ（ページのURL）",
    "body": "本文",
    "main_image": "メイン画像",
}


@cache
def _validator() -> LineApp:
    config = FakeLineConfig(
        rate_limits_enabled=False, record_request_bodies=False, max_request_log=10
    )
    return LineApp(channel_access_token=_VALIDATOR_TOKEN, config=config)


def line_problems(messages: list[Message]) -> list[dict[str, str]]:
    """LINE's own error details for these messages ([] when LINE would accept them).

    Remembered per message set: the chat checks every answer before sending it, and
    a burst of follows answers the same welcome hundreds of times a minute.
    """
    problems = _problems_of(json.dumps(messages, ensure_ascii=False))
    return [dict(problem) for problem in problems]


@lru_cache(maxsize=256)
def _problems_of(messages_json: str) -> tuple[dict[str, str], ...]:
    return tuple(
        emulator_problems(
            "/v2/bot/message/validate/multicast",
            {"messages": json.loads(messages_json)},
        )
    )


def emulator_problems(path: str, body: dict[str, Any]) -> list[dict[str, str]]:
    """LINE's error details for ``body`` at validate endpoint ``path`` ([] = accepted)."""
    response = _validator().handle(
        Request(
            host="api",
            method="POST",
            path=path,
            query={},
            headers={
                "authorization": f"Bearer {_VALIDATOR_TOKEN}",
                "content-type": "application/json",
            },
            body=json.dumps(body, ensure_ascii=False).encode(),
        )
    )
    if response.status == 200:
        return []
    payload = json.loads(response.body or b"{}")
    return payload.get("details") or [
        {"message": payload.get("message", ""), "property": ""}
    ]


def _value_at(message: Message, path: str) -> Any:
    """The value a LINE error path like ``messages[0].contents.body.contents[1].text`` names."""
    value: Any = {"messages": [message]}
    for part in path.replace("]", "").replace("[", ".").split("."):
        if not part:
            continue
        try:
            value = value[int(part)] if isinstance(value, list) else value[part]
        except (KeyError, IndexError, ValueError, TypeError):
            return None
    return value


def _field_for(page, path: str, value: Any) -> str | None:
    if path.endswith(".altText"):
        return "summary"
    if path.endswith((".uri", ".url")):
        return "main_image" if path.endswith(".url") else "slug"
    if isinstance(value, str):
        if value == page.title:
            return "title"
        if value == getattr(page, "summary", None):
            return "summary"
    if path.endswith((".contents", "]")) or ".body" in path:
        return "body"
    return None


def _japanese(field: str | None, path: str, problem: str) -> str:
    label = FIELD_LABELS.get(field or "", "")
    if path.endswith(".altText"):
        return _(
            "LINEの通知文（タイトル＋要約）が長すぎます（%(problem)s）。"
            "タイトルか要約を短くしてください。"
        ) % {"problem": problem}
    if path.endswith(".uri"):
        return _(
            "LINEのボタンに使うページのURLが使えません（%(problem)s）。"
            "スラッグを短い半角英数字にしてください。"
        ) % {"problem": problem}
    if "bytes" in problem or "KB" in problem or "size" in problem.lower():
        return _(
            "LINEのメッセージが大きすぎます（%(problem)s）。"
            "タイトルや要約を短くしてください。"
        ) % {"problem": problem}
    if label:
        return _(
            "「%(label)s」がLINEの上限を超えています（%(problem)s）。短くしてください。"
        ) % {
            "label": label,
            "problem": problem,
        }
    return _("LINEで送れない内容があります（%(path)s: %(problem)s）。") % {
        "path": path,
        "problem": problem,
    }


def page_problems(page) -> list[FieldError]:
    """Why this page cannot be delivered to LINE, as (field, Japanese message) pairs."""
    try:
        message = page_message(page)
    except ValueError as error:
        return [(None, _("LINEのメッセージを作れません: %(error)s") % {"error": error})]
    problems = []
    for detail in line_problems([message]):
        path = detail.get("property") or ""
        field = _field_for(page, path, _value_at(message, path))
        problems.append((field, _japanese(field, path, detail.get("message", ""))))
    return problems
