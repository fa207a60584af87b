"""Signal handlers decide; tasks do the work (docs/conventions.md)."""

from django.db.models.signals import pre_delete

from wagtail.signals import page_published, page_unpublished, published, unpublished

from home.signals import disaster_mode_changed, notice_events_ended

from .rich_menus.models import RichMenu
from .tasks import (
    apply_drafted_mail_events,
    deliver_published_page,
    publish_rich_menu,
    send_follow_ups,
    switch_default_rich_menu,
)


def deliver_on_publish(sender, instance, revision, **kwargs) -> None:
    """Queue the LINE delivery of a page's first publish.

    ``page_published`` also fires for alias re-syncs (``alias=True``) and when a page
    that was never live is only *scheduled* (``instance.live`` is False; the signal fires
    again when ``publish_scheduled`` makes it live) — shared/notes/wagtail-facts.md §B.2.
    """
    if kwargs.get("alias") or not instance.live or revision is None:
        return
    if not getattr(instance, "send_to_line", False):
        return
    deliver_published_page.delay_on_commit(instance.pk, revision.pk)


def withdraw_from_digest(sender, instance, **kwargs) -> None:
    """Unpublished before the まとめて配信: the page is not in it.

    Done here, in the unpublish's own transaction, not in a task: a queued task could
    lose the race with the digest run, which would then send the withdrawn page.
    """
    from .digest.sending import withdraw

    withdraw(instance.pk)


def apply_mail_events_on_publish(sender, instance, revision, **kwargs) -> None:
    """A disaster notice went live: if a drafted mail made it, its ends apply now."""
    if kwargs.get("alias") or not instance.live:
        return
    apply_drafted_mail_events.delay_on_commit(instance.pk)


def follow_up_ended_notices(sender, ending_id: int, **kwargs) -> None:
    """Events of notices ended (解除, 運航再開 …): tell those who received them."""
    send_follow_ups.delay_on_commit(ending_id)


def publish_rich_menu_on_line(sender, instance, revision=None, **kwargs) -> None:
    """A published rich menu is created on LINE (image, alias, default if it is one)."""
    if revision is None:
        return
    user_id = revision.user_id
    publish_rich_menu.delay_on_commit(instance.pk, revision.pk, user_id)


def withdraw_rich_menu_from_line(sender, instance, **kwargs) -> None:
    """Unpublished or deleted: its menus on LINE are deleted (within LINE's budget)."""
    from .rich_menus.publish import withdraw

    withdraw(instance.pk)


def switch_rich_menu_for_disaster_mode(
    sender, active: bool, user=None, reason: str = "", **kwargs
) -> None:
    """Disaster mode on: the 災害時 menu becomes everyone's default; off: 通常 again."""
    from cms import audit

    purpose = RichMenu.Purpose.DISASTER if active else RichMenu.Purpose.NORMAL
    menu = RichMenu.objects.filter(purpose=purpose).first()
    audit.record(
        user,
        "richmenu.set_default",
        menu,
        purpose=purpose,
        reason=reason or "disaster_mode_changed",
    )
    switch_default_rich_menu.delay_on_commit(purpose, getattr(user, "pk", None))


def register_signal_handlers() -> None:
    from home.models import DisasterNoticePage, NewsPage, SurveyPage

    for model in (NewsPage, DisasterNoticePage, SurveyPage):
        page_published.connect(
            deliver_on_publish,
            sender=model,
            dispatch_uid=f"line_delivery:deliver_on_publish:{model._meta.label}",
        )
        page_unpublished.connect(
            withdraw_from_digest,
            sender=model,
            dispatch_uid=f"line_delivery:withdraw_from_digest:{model._meta.label}",
        )
    page_published.connect(
        apply_mail_events_on_publish,
        sender=DisasterNoticePage,
        dispatch_uid="line_delivery:apply_mail_events_on_publish",
    )
    notice_events_ended.connect(
        follow_up_ended_notices,
        dispatch_uid="line_delivery:follow_up_ended_notices",
    )
    published.connect(
        publish_rich_menu_on_line,
        sender=RichMenu,
        dispatch_uid="line_delivery:publish_rich_menu_on_line",
    )
    disaster_mode_changed.connect(
        switch_rich_menu_for_disaster_mode,
        dispatch_uid="line_delivery:switch_rich_menu_for_disaster_mode",
    )
    unpublished.connect(
        withdraw_rich_menu_from_line,
        sender=RichMenu,
        dispatch_uid="line_delivery:withdraw_rich_menu_on_unpublish",
    )
    pre_delete.connect(
        withdraw_rich_menu_from_line,
        sender=RichMenu,
        dispatch_uid="line_delivery:withdraw_rich_menu_on_delete",
    )
