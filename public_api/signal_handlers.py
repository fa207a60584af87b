"""Move ``ContentClock`` whenever public content changes (Last-Modified of the API)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from home.models import (
    Area,
    CollectionArea,
    CollectionCenter,
    CollectionClosure,
    CollectionException,
    CollectionSchedule,
    DisasterMode,
    Faq,
    GarbageCategory,
    GarbageItem,
    HazardDuration,
    NoticeEvent,
    Shelter,
    Topic,
)

from .models import ContentClock


PUBLIC_SNIPPETS = (
    Area,
    Topic,
    Shelter,
    Faq,
    GarbageCategory,
    GarbageItem,
    CollectionArea,
    CollectionCenter,
    CollectionSchedule,
    CollectionException,
    CollectionClosure,
    DisasterMode,
    # A notice's 発表中 / 解除 state lives in its events, not in its revision,
    # and in the hours staff set per hazard.
    NoticeEvent,
    HazardDuration,
)


def content_changed(**kwargs) -> None:
    ContentClock.touch()


def register_signal_handlers() -> None:
    for model in PUBLIC_SNIPPETS:
        uid = f"public_api.clock.{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid + ".delete")
    m2m_changed.connect(
        content_changed,
        sender=Shelter.areas.through,
        dispatch_uid="public_api.clock.shelter_areas",
    )
    # Every page kind: a page under any index may appear in /api/v2/.
    page_published.connect(content_changed, dispatch_uid="public_api.clock.published")
    page_unpublished.connect(
        content_changed, dispatch_uid="public_api.clock.unpublished"
    )
