"""Handlers decide which change is an event; ``events.record`` plans the sending.

Content (``home``) knows nothing of this app: we listen to Wagtail's page signals,
``post_save`` of ``Shelter`` and ``home.signals.disaster_mode_changed``.
"""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save

from wagtail.signals import page_published, page_unpublished

from home.models import DisasterMode, DisasterNoticePage, NewsPage, Shelter
from home.signals import disaster_mode_changed, notice_events_ended
from public_api.notice_state import LIFTED, notice_state

from . import events
from .models import ChangeEvent, EventType


def _notice_data(page: DisasterNoticePage) -> dict:
    state = notice_state(page)
    return {
        "id": page.pk,
        "title": page.title,
        "state": state.state,
        "level": page.level,
        "hazard": page.hazard,
        "lifted_at": state.lifted_at.isoformat() if state.lifted_at else None,
        "url": page.get_full_url() or "",
        "api_url": events.api_url("notice", page.pk),
    }


def _was_announced_lifted(page: DisasterNoticePage) -> bool:
    last = (
        ChangeEvent.objects.filter(subject=f"disaster_notice:{page.pk}")
        .exclude(type=EventType.NOTICE_UNPUBLISHED)
        .values_list("type", flat=True)
        .first()
    )
    return last == EventType.NOTICE_LIFTED


def notice_published(sender, instance: DisasterNoticePage, **kwargs) -> None:
    state = notice_state(instance)
    # A notice that only tells of an end (「…を解除しました」) was never in force: it
    # is published; what it ended is announced lifted through notice_events_ended.
    born_ended = state.lifted_at is not None and state.lifted_at <= instance.issued_at
    lifted = state.state == LIFTED and not born_ended
    # Lifting is announced once; a later edit of a lifted notice is an update.
    event_type = (
        EventType.NOTICE_LIFTED
        if lifted and not _was_announced_lifted(instance)
        else EventType.NOTICE_PUBLISHED
    )
    events.record(event_type, f"disaster_notice:{instance.pk}", _notice_data(instance))


def notice_events_ended_without_publish(sender, ending_id: int, **kwargs) -> None:
    """A mail or staff ended events (解除, 運航再開 …) without re-publishing the page."""
    from home.models import NoticeEnding

    ending = NoticeEnding.objects.filter(pk=ending_id).first()
    if ending is None:
        return
    for notice in ending.ended_notices().live():
        if notice_state(notice).state == LIFTED and not _was_announced_lifted(notice):
            events.record(
                EventType.NOTICE_LIFTED,
                f"disaster_notice:{notice.pk}",
                _notice_data(notice),
            )


def notice_unpublished(sender, instance: DisasterNoticePage, **kwargs) -> None:
    events.record(
        EventType.NOTICE_UNPUBLISHED,
        f"disaster_notice:{instance.pk}",
        {"id": instance.pk, "title": instance.title},
    )


def _news_data(page: NewsPage) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "date": page.date.isoformat(),
        "url": page.get_full_url() or "",
        "api_url": events.api_url("news", page.pk),
    }


def news_published(sender, instance: NewsPage, **kwargs) -> None:
    events.record(EventType.NEWS_PUBLISHED, f"news:{instance.pk}", _news_data(instance))


def news_unpublished(sender, instance: NewsPage, **kwargs) -> None:
    events.record(
        EventType.NEWS_UNPUBLISHED,
        f"news:{instance.pk}",
        {"id": instance.pk, "title": instance.title},
    )


def remember_shelter_status(sender, instance: Shelter, **kwargs) -> None:
    previous = None
    if instance.pk:
        previous = (
            Shelter.objects.filter(pk=instance.pk)
            .values_list("status", flat=True)
            .first()
        )
    instance._change_notify_previous_status = previous


def shelter_saved(sender, instance: Shelter, created: bool, **kwargs) -> None:
    previous = getattr(instance, "_change_notify_previous_status", None)
    if created or previous is None or previous == instance.status:
        return
    events.record(
        EventType.SHELTER_STATUS,
        f"shelter:{instance.pk}",
        {
            "id": instance.pk,
            "name": instance.name,
            "status": instance.status,
            "previous_status": previous,
            "api_url": events.api_url("shelter", instance.pk),
        },
    )


def disaster_mode_switched(sender, active: bool, **kwargs) -> None:
    events.record(EventType.DISASTER_MODE, "disaster_mode", {"active": bool(active)})


def register_signal_handlers() -> None:
    page_published.connect(
        notice_published,
        sender=DisasterNoticePage,
        dispatch_uid="change_notify.notice_published",
    )
    page_unpublished.connect(
        notice_unpublished,
        sender=DisasterNoticePage,
        dispatch_uid="change_notify.notice_unpublished",
    )
    notice_events_ended.connect(
        notice_events_ended_without_publish,
        dispatch_uid="change_notify.notice_events_ended",
    )
    page_published.connect(
        news_published, sender=NewsPage, dispatch_uid="change_notify.news_published"
    )
    page_unpublished.connect(
        news_unpublished, sender=NewsPage, dispatch_uid="change_notify.news_unpublished"
    )
    pre_save.connect(
        remember_shelter_status,
        sender=Shelter,
        dispatch_uid="change_notify.shelter_pre",
    )
    post_save.connect(
        shelter_saved, sender=Shelter, dispatch_uid="change_notify.shelter_saved"
    )
    disaster_mode_changed.connect(
        disaster_mode_switched,
        sender=DisasterMode,
        dispatch_uid="change_notify.disaster_mode",
    )
