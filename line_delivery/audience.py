"""Who receives a page: friends whose 受信設定 match the page's topics and 地区."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Friend


FriendRange = tuple[int, int | None]
"""Friend primary keys ``(after, up_to)``: ``after < pk <= up_to`` (None: no end)."""


def audience_condition(page, friend_range: FriendRange | None = None) -> Q:
    """What a following friend must satisfy to receive the page (empty: everyone).

    A page without topics or 地区 is for everyone on that axis; a friend who chose no
    topics (or no 地区) receives everything on that axis.

    ``friend_range`` limits the condition's subqueries to those friends' choices:
    PostgreSQL hashes a subquery's whole result once per query, so a page of a large
    audience read in keyset pages would hash every friend's topics for every page
    (4× the time of the page itself, docs/benchmarks.md).
    """
    # .all() rather than values_list(): a draft page built from a revision holds its
    # relations in memory (modelcluster), which only supports the plain queryset API.
    topic_ids = [topic.pk for topic in page.topics.all()]
    area_ids = [area.pk for area in page.target_areas.all()]
    condition = Q()
    for through, ids, column in (
        (Friend.topics.through, topic_ids, "topic_id"),
        (Friend.areas.through, area_ids, "area_id"),
    ):
        if not ids:
            continue
        chosen = through.objects.filter(friend_id=OuterRef("pk"))
        if friend_range is not None:
            after, up_to = friend_range
            chosen = chosen.filter(friend_id__gt=after)
            if up_to is not None:
                chosen = chosen.filter(friend_id__lte=up_to)
        condition &= Exists(chosen.filter(**{f"{column}__in": ids})) | ~Exists(chosen)
    return condition


def audience_friends(page, friend_range: FriendRange | None = None) -> QuerySet[Friend]:
    """Following friends who chose one of the page's topics and live in one of its 地区
    (of ``friend_range`` only, when given)."""
    friends = Friend.objects.following().filter(audience_condition(page, friend_range))
    if friend_range is not None:
        after, up_to = friend_range
        friends = friends.filter(pk__gt=after)
        if up_to is not None:
            friends = friends.filter(pk__lte=up_to)
    return friends


def is_for_every_friend(page) -> bool:
    """True when the page has no topic or 地区 restriction, so a broadcast fits."""
    return not page.topics.all() and not page.target_areas.all()
