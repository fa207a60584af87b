"""Text messages: a command word, a garbage item, an FAQ, or the help reply."""

from collections.abc import Callable
import re
import threading
from typing import Any

from django.db.models import Count, F, Max, QuerySet, Sum
from django.db.models.functions import Now
from django.utils import timezone

from home import disaster_mode
from home.models import Faq, GarbageItem, GarbageSynonym
from search.faq import FaqEntry, FaqIndex
from search.garbage import CHOICES_LIMIT, Entry, SearchIndex, SearchResult
from search.readings import readings_for
from search.text import MAX_QUERY_LENGTH, compact

from ..models import Friend, UnansweredQuery
from .common import MAIN_ACTIONS, help_message, quick_replies
from .garbage import choices_message, item_message
from .intents import intent_messages, intent_of
from .postbacks import ACTIONS, disaster_fallback_messages


# Words that mean a button rather than a garbage item (compared after ``compact``).
COMMANDS = {
    "ヘルプ": "help",
    "使い方": "help",
    "メニュー": "help",
    "受信設定": "settings",
    "設定": "settings",
    "避難所": "shelters",
    "防災情報": "disaster_latest",
    "今日のごみ": "garbage_today",
    "収集日": "garbage_today",
}
_COMMANDS = {compact(word): action for word, action in COMMANDS.items()}
_DIGITS = re.compile(r"\d{4,}")


class _CachedIndex:
    """A per-process search index, rebuilt when staff change what it is built from.

    The fingerprint (row count and newest edit) costs one small query per message; a
    rebuild of a few thousand items takes milliseconds.
    """

    def __init__(
        self, queryset: Callable[[], QuerySet], build: Callable[[QuerySet], Any]
    ) -> None:
        self._queryset = queryset
        self._build = build
        self._lock = threading.Lock()
        self._fingerprint: tuple[Any, ...] | None = None
        self._index: Any = None

    def get(self) -> Any:
        rows = self._queryset()
        fingerprint = tuple(
            rows.aggregate(n=Count("pk"), at=Max("updated_at")).values()
        )
        with self._lock:
            if self._index is None or fingerprint != self._fingerprint:
                self._index = self._build(rows)
                self._fingerprint = fingerprint
            return self._index


def _garbage_entries(items: QuerySet) -> SearchIndex:
    synonyms: dict[int, list[str]] = {}
    for word, item_id in GarbageSynonym.items.through.objects.values_list(
        "garbagesynonym__word", "garbageitem_id"
    ):
        synonyms.setdefault(item_id, []).append(word)
    return SearchIndex(
        Entry(
            key=item.pk,
            name=item.name,
            reading=item.reading,
            aliases=item.alias_list(),
            group=str(item.category_id),
            # Items bulk-created by an import have none stored yet: make them here.
            readings=item.reading_list()
            or readings_for(item.name, item.alias_list(), item.reading),
            synonyms=synonyms.get(item.pk, ()),
        )
        for item in items.only(
            "pk", "name", "reading", "aliases", "category", "generated_readings"
        )
    )


class _GarbageIndex(_CachedIndex):
    """Rebuilt when an item or a synonym (ごみの言い換え) changes."""

    def get(self) -> Any:
        synonyms = GarbageSynonym.objects.aggregate(
            n=Count("pk"),
            at=Max("updated_at"),
            links=Count("items"),
            linked=Sum("items__id"),  # another item picked, same number of links
        )
        with self._lock:
            if synonyms != getattr(self, "_synonyms", None):
                self._index = None
                self._synonyms = synonyms
        return super().get()


garbage_index = _GarbageIndex(GarbageItem.objects.all, _garbage_entries)
faq_index = _CachedIndex(
    lambda: Faq.objects.filter(is_active=True),
    lambda faqs: FaqIndex(
        FaqEntry(key=faq.pk, question=faq.question, keywords=faq.keyword_list())
        for faq in faqs
    ),
)


def garbage_search(text: str) -> SearchResult:
    return garbage_index.get().lookup(text, CHOICES_LIMIT)


def faq_messages(faq: Faq) -> list[dict[str, Any]]:
    message: dict[str, Any] = {"type": "text", "text": faq.answer_text}
    link = faq.link()
    if link:
        message["text"] += f"\n\n詳しくはこちら: {link}"
    message["quickReply"] = quick_replies(MAIN_ACTIONS)
    return [message]


def record_unanswered(text: str, normalized: str) -> None:
    """Log what nobody could answer (no user id; long digit runs such as phone numbers masked)."""
    example = _DIGITS.sub("＊＊＊＊", text.strip())[:100]
    key = _DIGITS.sub("＊", normalized)[:100] or example
    updated = UnansweredQuery.objects.filter(normalized_text=key).update(
        count=F("count") + 1, last_asked_at=Now()
    )
    if not updated:
        UnansweredQuery.objects.get_or_create(
            normalized_text=key,
            defaults={
                "example_text": example,
                "count": 1,
                "last_asked_at": timezone.now(),
            },
        )


def text_messages(text: str, friend: Friend | None) -> list[dict[str, Any]]:
    text = text[: MAX_QUERY_LENGTH * 5]
    action = _COMMANDS.get(compact(text))
    if action:
        return ACTIONS[action](friend, {})

    # 「明日のごみは？」「燃やせるごみはいつ」「開いている避難所」: the menu's answer.
    intent = intent_of(text)
    if intent is not None:
        return intent_messages(intent, friend)

    result = garbage_search(text)
    if result.is_confident and result.best is not None:
        item = GarbageItem.objects.select_related("category").get(pk=result.best.key)
        return [item_message(item, friend, text)]
    # A clear FAQ beats a list of half-matching items (「粗大ごみの申し込みは？」),
    # but not a word that names items of several categories (バッテリー).
    faq_match = None if result.whole_word else faq_index.get().best(text)
    faq = Faq.objects.filter(pk=faq_match.key).first() if faq_match else None
    if faq is not None:
        return faq_messages(faq)
    if result.choices:
        by_pk = GarbageItem.objects.in_bulk([match.key for match in result.choices])
        return [
            choices_message(
                [by_pk[m.key] for m in result.choices if m.key in by_pk], text
            )
        ]

    record_unanswered(text, result.query or compact(text))
    shown = text.strip()[:30]
    if disaster_mode.is_active():
        return disaster_fallback_messages(
            f"「{shown}」についての情報が見つかりませんでした。"
        )
    return [
        help_message(
            f"「{shown}」についての情報が見つかりませんでした。別の言い方でもお試しください。"
        )
    ]
