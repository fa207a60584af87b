"""The audience a benchmark or crash test delivers to, written fast into the database.

Layout for ``matching`` friends (``matching`` + 1 % outsiders in all):

* friend number ``i`` has the LINE user id ``user_id(i)`` (deterministic, so a run
  can check who received what without decrypting anything);
* every 101st friend is an *outsider* who chose only the イベント topic, so publishing
  the ごみ page is a multicast to the others, not a broadcast;
* of the others, 5 % chose no topic (they receive everything) and 95 % chose ごみ.

The draft ``NewsPage`` "bench-news" (topic ごみ) is what the run publishes. The
live page "bench-small" (topic イベント, not sent on publish) reaches only the
outsiders and the 5 %: a second, smaller delivery for counting queries per batch.

Ciphertext is written with ``COPY`` (Fernet costs ~5 µs per id; the ORM would cost
far more), with the same ``crypto.encrypt``/``lookup_hash`` the product uses.
"""

from __future__ import annotations

from collections.abc import Iterator
import hashlib
import time

from django.db import connection, transaction
from django.utils import timezone

from home.models import HomePage, NewsIndexPage, NewsPage, Topic
from line_delivery.crypto import encrypt, lookup_hash
from line_delivery.models import Friend


MAIN_PAGE_SLUG = "bench-news"
SMALL_PAGE_SLUG = "bench-small"
OUTSIDER_EVERY = 101
CHOSE_NOTHING_EVERY = 20


def user_id(number: int) -> str:
    """A well-formed, random-looking LINE user id for friend ``number``."""
    return "U" + hashlib.blake2b(f"bench-{number}".encode(), digest_size=16).hexdigest()


def total_friends(matching: int) -> int:
    return matching + matching // 100


def is_outsider(number: int, matching: int) -> bool:
    """Every 101st friend, so ``matching // 100`` of them, spread through the ids."""
    return number % OUTSIDER_EVERY == OUTSIDER_EVERY - 1 and number < OUTSIDER_EVERY * (
        matching // 100
    )


def matching_user_ids(matching: int) -> set[str]:
    """Who must receive the main page: every friend but the outsiders."""
    return set(matching_user_id_list(matching))


def matching_user_id_list(matching: int) -> list[str]:
    """The same, in the order the product plans them (friend pk)."""
    return [
        user_id(number)
        for number in range(total_friends(matching))
        if not is_outsider(number, matching)
    ]


def outsider_user_ids(matching: int) -> set[str]:
    return {
        user_id(number)
        for number in range(total_friends(matching))
        if is_outsider(number, matching)
    }


def _friend_rows(count: int, first_pk: int) -> Iterator[tuple]:
    now = timezone.now()
    for number in range(count):
        uid = user_id(number)
        yield (
            first_pk + number,
            encrypt(uid),
            lookup_hash(uid),
            Friend.Status.FOLLOWING,
            now,
            False,
            now,
            now,
        )


def _pages(gomi: Topic, event: Topic) -> tuple[NewsPage, NewsPage]:
    home = HomePage.objects.get()
    index = NewsIndexPage.objects.first() or home.add_child(
        instance=NewsIndexPage(title="お知らせ", slug="news")
    )
    body = [{"type": "paragraph", "value": "<p>収集日が変わります。</p>"}]
    main = index.add_child(
        instance=NewsPage(
            title="年末年始のごみ収集",
            slug=MAIN_PAGE_SLUG,
            summary="12月31日から1月3日まで、ごみの収集はお休みです。",
            body=body,
            live=False,
        )
    )
    main.topics.set([gomi])
    main.save()
    main.save_revision()
    small = index.add_child(
        instance=NewsPage(
            title="市民まつりのお知らせ",
            slug=SMALL_PAGE_SLUG,
            summary="11月に市民まつりを開きます。",
            body=body,
            live=False,
            send_to_line=False,
        )
    )
    small.topics.set([event])
    small.save()
    small.save_revision().publish()
    return main, small


def seed(matching: int) -> dict[str, float | int]:
    """Write the friends and pages into an empty, migrated database."""
    started = time.monotonic()
    gomi, _ = Topic.objects.get_or_create(slug="gomi", defaults={"name": "ごみ"})
    event, _ = Topic.objects.get_or_create(slug="event", defaults={"name": "イベント"})
    main, _small = _pages(gomi, event)

    total = total_friends(matching)
    friends = Friend._meta.db_table
    friend_topics = Friend.topics.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {friends}")  # noqa: S608
        first_pk = cursor.fetchone()[0]
        columns = (
            "id, line_user_id, line_user_id_hash, status, followed_at, is_sandbox, "
            "created_at, updated_at"
        )
        with cursor.cursor.copy(f"COPY {friends} ({columns}) FROM STDIN") as copy:
            for row in _friend_rows(total, first_pk):
                copy.write_row(row)
        # The ids were given explicitly: move the identity past them.
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{friends}', 'id'), "  # noqa: S608
            f"(SELECT max(id) FROM {friends}))"
        )
        with cursor.cursor.copy(
            f"COPY {friend_topics} (friend_id, topic_id) FROM STDIN"
        ) as copy:
            for number in range(total):
                if is_outsider(number, matching):
                    copy.write_row((first_pk + number, event.pk))
                elif number % CHOSE_NOTHING_EVERY != CHOSE_NOTHING_EVERY - 1:
                    copy.write_row((first_pk + number, gomi.pk))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {friends}")
        cursor.execute(f"ANALYZE {friend_topics}")
    return {
        "friends": total,
        "matching": matching,
        "page_id": main.pk,
        "seconds": round(time.monotonic() - started, 1),
    }
