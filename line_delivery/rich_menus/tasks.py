"""Celery tasks for rich menus: ids in, re-read, idempotent (imported by ``tasks``)."""

from celery import shared_task

from . import publish


DELETE_RETRY_SECONDS = 15 * 60


@shared_task(ignore_result=True)
def publish_rich_menu(
    menu_id: int, revision_id: int, user_id: int | None = None
) -> None:
    publish.publish(menu_id, revision_id, user_id)


@shared_task(ignore_result=True)
def switch_default_rich_menu(purpose: str, user_id: int | None = None) -> None:
    """The disaster-mode switch: 災害時 or 通常 becomes the default for everyone."""
    publish.set_default(purpose, user_id)


@shared_task(bind=True, ignore_result=True)
def delete_replaced_rich_menus(self) -> None:
    """Delete replaced menus from LINE, at most ~100 an hour (also on the beat)."""
    remaining = publish.delete_replaced()
    if remaining and not self.request.is_eager:
        self.apply_async(countdown=DELETE_RETRY_SECONDS)
