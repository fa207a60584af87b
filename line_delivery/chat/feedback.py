"""Residents' reactions to garbage answers: 「違う」, a chosen alternative, 「どれでもない」.

Logged as ``home.models.GarbageQueryFeedback`` with the query text and the items, never
who sent it; staff see them ranked under 「ごみ検索への反応」.
"""

from typing import Any

from home.models import GarbageItem, GarbageQueryFeedback

from ..models import Friend
from .common import help_message


Messages = list[dict[str, Any]]


def _item(value: str) -> GarbageItem | None:
    if not value.isdigit():
        return None
    return GarbageItem.objects.select_related("category").filter(pk=int(value)).first()


def record_choice(params: dict[str, str]) -> None:
    """The resident picked ``item`` from a choice offered for query ``q``."""
    query = params.get("q", "")
    chosen = _item(params.get("item", ""))
    if query and chosen is not None:
        GarbageQueryFeedback.record(
            GarbageQueryFeedback.Kind.CHOSEN,
            query,
            answered=_item(params.get("first", "")),
            chosen=chosen,
        )


def garbage_wrong(friend: Friend | None, params: dict[str, str]) -> Messages:
    """「違う」 on an answer: log it, then offer the other candidates for the query."""
    from .garbage import choices_message
    from .text import garbage_search

    query = params.get("q", "")
    answered = _item(params.get("item", ""))
    if not query:
        return [help_message("別の言い方でもう一度お試しください。")]
    GarbageQueryFeedback.record(GarbageQueryFeedback.Kind.WRONG, query, answered)
    result = garbage_search(query)
    keys = [m.key for m in result.matches if answered is None or m.key != answered.pk]
    by_pk = GarbageItem.objects.in_bulk(keys)
    others = [by_pk[key] for key in keys if key in by_pk]
    if not others:
        return [
            help_message(
                "お知らせありがとうございます。担当者が確認します。"
                "別の言い方でもお試しください。"
            )
        ]
    return [choices_message(others, query, first=answered)]


def garbage_none(friend: Friend | None, params: dict[str, str]) -> Messages:
    """「どれでもない」: log the query for staff and say so."""
    query = params.get("q", "")
    if query:
        GarbageQueryFeedback.record(
            GarbageQueryFeedback.Kind.NONE, query, _item(params.get("first", ""))
        )
    return [
        help_message(
            "お知らせありがとうございます。担当者が確認し、品目を追加します。"
            "別の言い方でもお試しください。"
        )
    ]
