"""Warnings before a page goes out on LINE (配信前の確認).

Before a publish (or the approval that publishes) of a page that LINE will deliver,
staff see how many friends will receive it and how many of them already received
``weekly_cap`` messages in the last 7 days, with warnings for a send in the city's
quiet hours (防災 at a high enough 警戒レベル is exempt), a segment over the weekly cap,
and a page with no topic or 地区 that goes to every friend. One click confirms; the
confirmation and its warnings are audit-logged (``wagtail_hooks``).
"""

from collections import Counter
from dataclasses import dataclass, field
import datetime

from django.db.models import QuerySet
from django.utils import timezone

from home.models import Area, Topic

from ..audience import audience_friends
from ..models import Delivery, DeliveryRequest, Friend
from .models import DeliveryGuardrailSettings


WEEK = datetime.timedelta(days=7)
NOT_COUNTED = (Delivery.Kind.TEST, Delivery.Kind.REMINDER)
"""Test sends reach staff phones only; garbage reminders are each resident's own
choice (a time they set), so they would put every reminder user over any cap."""


@dataclass
class Guardrail:
    recipients: int
    at_cap: int
    cap: int
    warnings: list[str] = field(default_factory=list)
    histogram: list[tuple[int, int]] = field(default_factory=list)
    """(messages received in the last 7 days, friends among the recipients)."""
    digest_time: datetime.time | None = None
    """The まとめて配信 time when the page waits for it instead of going at once."""


class _Audience:
    """What ``audience_friends`` reads from a page, taken from the submitted form."""

    class _Many:
        def __init__(self, queryset: QuerySet) -> None:
            self.queryset = queryset

        def all(self) -> QuerySet:
            return self.queryset

    def __init__(self, topic_ids: list[str], area_ids: list[str]) -> None:
        self.topics = self._Many(Topic.objects.filter(pk__in=_ids(topic_ids)))
        self.target_areas = self._Many(Area.objects.filter(pk__in=_ids(area_ids)))


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def audience_from_form(data) -> _Audience:
    return _Audience(data.getlist("topics"), data.getlist("target_areas"))


def received_last_week(
    friend_ids: set[int], now: datetime.datetime | None = None
) -> Counter[int]:
    """How many messages each of these friends received in the 7 days before ``now``."""
    now = now or timezone.now()
    received: Counter[int] = Counter()
    broadcasts: list[datetime.datetime] = []
    for ids, is_broadcast, accepted_at in (
        DeliveryRequest.objects.filter(
            status=DeliveryRequest.Status.ACCEPTED, accepted_at__gte=now - WEEK
        )
        .exclude(delivery__kind__in=NOT_COUNTED)
        .values_list("friend_ids", "delivery__is_broadcast", "accepted_at")
    ):
        if is_broadcast:
            broadcasts.append(accepted_at)
            continue
        for friend_id in ids:
            if friend_id in friend_ids:
                received[friend_id] += 1
    if broadcasts:
        for friend_id, followed_at in Friend.objects.filter(
            pk__in=friend_ids
        ).values_list("pk", "followed_at"):
            received[friend_id] += sum(1 for at in broadcasts if followed_at < at)
    return received


def in_quiet_hours(
    moment: datetime.datetime, settings: DeliveryGuardrailSettings
) -> bool:
    start, end = settings.quiet_hours_start, settings.quiet_hours_end
    now = timezone.localtime(moment).time()
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end  # across midnight, e.g. 21:00–7:00


def check(
    page,
    audience=None,
    *,
    level: int | None = None,
    now: datetime.datetime | None = None,
) -> Guardrail:
    """The figures and warnings for sending ``page`` (with ``audience``'s topics/地区)."""
    settings = DeliveryGuardrailSettings.load()
    now = now or timezone.now()
    audience = audience or page
    friend_ids = set(audience_friends(audience).values_list("pk", flat=True))
    received = received_last_week(friend_ids, now)
    cap = settings.weekly_cap
    at_cap = sum(1 for n in received.values() if cap and n >= cap)
    result = Guardrail(
        recipients=len(friend_ids),
        at_cap=at_cap,
        cap=cap,
        histogram=sorted(Counter(received[f] for f in friend_ids).items()),
    )
    from ..digest.sending import holds

    topics = list(audience.topics.all())
    areas = list(audience.target_areas.all())
    # Held for the まとめて配信: not sent now, but at the city's digest time.
    held = holds(page, topics)
    if held:
        result.digest_time = settings.digest_time
    if not friend_ids:
        return result
    level = level if level is not None else getattr(page, "level", None)
    is_urgent = (
        type(page).__name__ == "DisasterNoticePage"
        and level is not None
        and level >= settings.quiet_hours_exempt_level
    )
    if in_quiet_hours(now, settings) and not is_urgent and not held:
        result.warnings.append(
            f"いまは配信を控える時間帯（{settings.quiet_hours_start:%H:%M}〜"
            f"{settings.quiet_hours_end:%H:%M}）です。夜間や早朝の通知は、ブロックの"
            "きっかけになります。急ぎでなければ、時間帯の後に公開してください。"
        )
    if at_cap:
        result.warnings.append(
            f"届く {len(friend_ids)} 人のうち {at_cap} 人は、過去7日間にすでに "
            f"{cap} 通以上受け取っています（市の決めた上限: 1週間に {cap} 通）。"
        )
    if (
        settings.warn_everyone_without_topic
        and not is_urgent  # an evacuation notice is for everyone
        and not topics
        and not areas
        and len(friend_ids) == Friend.objects.following().count()
    ):
        result.warnings.append(
            f"トピックも地区も選ばれていないため、友だち全員（{len(friend_ids)} 人）に"
            "届きます。関係のある人だけに届けるには、受信トピックか対象地区を選んでください。"
        )
    return result


def recipients_text(result: Guardrail, verb: str = "公開すると") -> str:
    """The figures every publish and approval screen shows, warned or not."""
    if result.digest_time is not None:
        verb = f"{verb}{result.digest_time:%H:%M}のまとめて配信で"
    return (
        f"{verb} {result.recipients} 人の友だちにLINEで届きます。"
        f"そのうち {result.at_cap} 人は、過去7日間にすでに {result.cap} 通以上"
        "受け取っています。"
    )


def will_deliver_on_publish(page) -> bool:
    """A publish delivers only the first time (later edits need 再配信)."""
    from ..digest.sending import sent_in_digest

    if page is None or page.pk is None:
        return True
    return not (
        Delivery.objects.filter(page_id=page.pk, kind=Delivery.Kind.PUBLISH).exists()
        or sent_in_digest(page.pk)
    )
