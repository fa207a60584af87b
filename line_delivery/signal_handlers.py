"""Signal handlers decide; tasks do the work (docs/conventions.md)."""

from wagtail.signals import page_published

from .tasks import deliver_published_page


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


def register_signal_handlers() -> None:
    from home.models import DisasterNoticePage, NewsPage, SurveyPage

    for model in (NewsPage, DisasterNoticePage, SurveyPage):
        page_published.connect(
            deliver_on_publish,
            sender=model,
            dispatch_uid=f"line_delivery:deliver_on_publish:{model._meta.label}",
        )
