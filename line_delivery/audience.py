"""Who receives a page: friends whose 受信設定 match the page's topics and 地区."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Friend


def audience_condition(page) -> Q:
    """What a following friend must satisfy to receive the page (empty: everyone).

    A page without topics or 地区 is for everyone on that axis; a friend who chose no
    topics (or no 地区) receives everything on that axis.
    """
    # .all() rather than values_list(): a draft page built from a revision holds its
    # relations in memory (modelcluster), which only supports the plain queryset API.
    topic_ids = [topic.pk for topic in page.topics.all()]
    area_ids = [area.pk for area in page.target_areas.all()]
    condition = Q()
    if topic_ids:
        chosen = Friend.topics.through.objects.filter(friend_id=OuterRef("pk"))
        condition &= Exists(chosen.filter(topic_id__in=topic_ids)) | ~Exists(chosen)
    if area_ids:
        chosen = Friend.areas.through.objects.filter(friend_id=OuterRef("pk"))
        condition &= Exists(chosen.filter(area_id__in=area_ids)) | ~Exists(chosen)
    return condition


def audience_friends(page) -> QuerySet[Friend]:
    """Following friends who chose one of the page's topics and live in one of its 地区."""
    return Friend.objects.following().filter(audience_condition(page))


def is_for_every_friend(page) -> bool:
    """True when the page has no topic or 地区 restriction, so a broadcast fits."""
    return not page.topics.all() and not page.target_areas.all()
