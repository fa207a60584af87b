"""The LINE side of rich menus: create + image + alias, default, test links, deletion.

Everything is checked before the first LINE call (``menu_problems``): a menu LINE
would refuse never reaches LINE. LINE menus are immutable, so each publish creates a
new one and the replaced one is deleted later within LINE's 100-an-hour budget.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Revision

from .. import client
from ..models import TestMember
from ..validation import emulator_problems
from . import images
from .actions import area_problems, graphemes, line_request
from .models import LineRichMenu, RichMenu, RichMenuDefault


logger = logging.getLogger(__name__)

HOURLY_BUDGET = 90
"""Create and delete are each limited to 100 an hour per channel; keep a margin."""

BULK_LINK_MAX = 500


@dataclass
class Outcome:
    ok: bool
    message: str = ""
    line_menu: LineRichMenu | None = None


def menu_problems(menu: RichMenu) -> list[str]:
    """Why LINE would refuse this menu, in Japanese ([] when it is fine)."""
    problems = []
    name = menu.name.strip()
    if not name or graphemes(name) > 300:
        problems.append(_("メニュー名は1〜300文字で入れてください。"))
    chat_bar = menu.chat_bar_text.strip()
    if not chat_bar or graphemes(chat_bar) > 14:
        problems.append(
            _("メニューバーの文字は1〜14文字にしてください（いま%(n)d文字）。")
            % {"n": graphemes(chat_bar)}
        )
    if not menu.image:
        problems.append(
            _(
                "画像を選んでください（「画像を自動で作る」で、ボタンの名前から"
                "作ることもできます）。"
            )
        )
    else:
        check = images.check_image(_image_bytes(menu), menu.size)
        problems.extend(check.errors + check.fixable)
    problems.extend(area_problems(menu.areas or [], menu.pk))
    return problems


def _image_bytes(menu: RichMenu) -> bytes:
    menu.image.open("rb")
    try:
        return menu.image.read()
    finally:
        menu.image.close()


def _line_error(result: client.SendResult) -> str:
    details = "; ".join(
        f"{d.get('property', '')}: {d.get('message', '')}" for d in result.details
    )
    return _("LINEがエラーを返しました（%(status)s %(message)s %(details)s）") % {
        "status": result.status or _("応答なし"),
        "message": result.message,
        "details": details,
    }


def _fail(line_menu: LineRichMenu, message: str) -> Outcome:
    line_menu.status = LineRichMenu.Status.FAILED
    line_menu.error_message = message
    if line_menu.line_rich_menu_id:
        line_menu.replaced_at = timezone.now()  # created on LINE: delete it later
    line_menu.save()
    return Outcome(False, message, line_menu)


def _created_last_hour() -> int:
    since = timezone.now() - datetime.timedelta(hours=1)
    return (
        LineRichMenu.objects.on_current_channel()
        .filter(created_at__gte=since)
        .exclude(line_rich_menu_id="")
        .count()
    )


def _sync_sandbox() -> None:
    """A fresh sandbox process must know the menus already "on LINE" before changes."""
    if client.is_sandbox():
        from .sandbox import restore

        restore()


def create_on_line(
    menu: RichMenu,
    revision: Revision | None,
    purpose: str,
    user_id: int | None = None,
) -> Outcome:
    """Create ``menu`` (a revision's object) on LINE with its image."""
    line_menu = LineRichMenu.objects.create(
        menu_id=menu.pk,
        revision=revision,
        purpose=purpose,
        requested_by_id=user_id,
    )
    problems = menu_problems(menu)
    if problems:
        return _fail(line_menu, "\n".join(problems))
    if _created_last_hour() >= HOURLY_BUDGET:
        return _fail(
            line_menu,
            _(
                "LINEに1時間に登録できるリッチメニューの数に達しました。"
                "1時間ほどしてからもう一度公開してください。"
            ),
        )
    line_menu.body = line_request(menu, line_menu)
    refused = emulator_problems("/v2/bot/richmenu/validate", line_menu.body["request"])
    if refused:
        return _fail(
            line_menu,
            _("LINEの決まりに合いません: %(details)s")
            % {
                "details": "; ".join(
                    f"{d.get('property', '')} {d.get('message', '')}" for d in refused
                )
            },
        )
    line_menu.save(update_fields=["body"])
    created = client.create_rich_menu(line_menu.body["request"])
    if not created.ok:
        return _fail(line_menu, _line_error(created))
    line_menu.line_rich_menu_id = created.data.rich_menu_id
    line_menu.save(update_fields=["line_rich_menu_id"])
    data = _image_bytes(menu)
    uploaded = client.set_rich_menu_image(
        line_menu.line_rich_menu_id, data, images.content_type(data)
    )
    if not uploaded.ok:
        return _fail(line_menu, _line_error(uploaded))
    line_menu.status = LineRichMenu.Status.READY
    line_menu.save(update_fields=["status"])
    return Outcome(True, "", line_menu)


def _replace(queryset) -> None:
    queryset.filter(replaced_at__isnull=True).update(replaced_at=timezone.now())


def _supersede(line_menu: LineRichMenu) -> None:
    """``line_menu`` replaces the menu's earlier ones of its purpose; those go."""
    _replace(
        LineRichMenu.objects.filter(
            menu_id=line_menu.menu_id,
            purpose=line_menu.purpose,
            channel=line_menu.channel,  # another channel's menus stay its own
        ).exclude(pk=line_menu.pk)
    )
    queue_deletions()


def publish(menu_id: int, revision_id: int, user_id: int | None = None) -> Outcome:
    """Make the published revision the menu residents get (alias, and default if it is)."""
    _sync_sandbox()
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None or not RichMenu.objects.filter(pk=menu_id).exists():
        return Outcome(False, "gone")
    if (
        LineRichMenu.objects.on_current_channel()
        .filter(revision=revision, purpose=LineRichMenu.Purpose.LIVE)
        .exists()
    ):
        return Outcome(True, "already published")  # a redelivered task
    menu = revision.as_object()
    outcome = create_on_line(menu, revision, LineRichMenu.Purpose.LIVE, user_id)
    if not outcome.ok:
        return outcome
    line_menu = outcome.line_menu
    aliased = client.set_rich_menu_alias(menu.alias_id, line_menu.line_rich_menu_id)
    if not aliased.ok:
        return _fail(line_menu, _line_error(aliased))
    default = RichMenuDefault.load()
    if default.menu_id == menu_id:
        result = client.set_default_rich_menu(line_menu.line_rich_menu_id)
        if not result.ok:
            return _fail(line_menu, _line_error(result))
        default.line_object = line_menu
        default.save(update_fields=["line_object"])
    _supersede(line_menu)
    return outcome


def set_default(purpose: str, user_id: int | None = None) -> Outcome:
    """Make the 通常 or 災害時 menu the default for everyone: one LINE call."""
    _sync_sandbox()
    menu = RichMenu.objects.filter(purpose=purpose).first()
    if menu is None:
        return Outcome(False, _("このメニューがまだ作られていません。"))
    line_menu = menu.live_line_object()
    if line_menu is None:
        return Outcome(
            False,
            _("「%(name)s」はまだLINEに公開されていません。先に公開してください。")
            % {"name": menu.name},
        )
    result = client.set_default_rich_menu(line_menu.line_rich_menu_id)
    if not result.ok:
        return Outcome(False, _line_error(result), line_menu)
    default = RichMenuDefault.load()
    default.menu = menu
    default.line_object = line_menu
    default.changed_at = timezone.now()
    default.changed_by_id = user_id
    default.save()
    return Outcome(True, "", line_menu)


def _test_member_user_ids() -> list[str]:
    members = TestMember.objects.filter(
        is_active=True, friend__status="following"
    ).select_related("friend")
    return [member.friend.line_user_id for member in members]


def start_test(menu_id: int, user_id: int | None = None) -> Outcome:
    """テストメンバーで確認: the latest draft, linked to the test members only."""
    _sync_sandbox()
    menu = RichMenu.objects.get(pk=menu_id)
    user_ids = _test_member_user_ids()
    if not user_ids:
        return Outcome(False, _("有効なテストメンバーがいません。"))
    revision = menu.latest_revision
    draft = revision.as_object() if revision else menu
    outcome = create_on_line(draft, revision, LineRichMenu.Purpose.TEST, user_id)
    if not outcome.ok:
        return outcome
    line_menu = outcome.line_menu
    for start in range(0, len(user_ids), BULK_LINK_MAX):
        chunk = user_ids[start : start + BULK_LINK_MAX]
        result = client.link_rich_menu_to_users(line_menu.line_rich_menu_id, chunk)
        if not result.ok:
            return _fail(line_menu, _line_error(result))
    line_menu.linked_users = len(user_ids)
    line_menu.save(update_fields=["linked_users"])
    _supersede(line_menu)
    return outcome


def end_test(menu_id: int) -> Outcome:
    """確認終了: test members see the default menu again; the test menu is deleted.

    When another menu's check is still running, they go back to that one instead
    (LINE links one menu per user, so ending one check must not end the other).
    """
    _sync_sandbox()
    user_ids = _test_member_user_ids()
    still_testing = (
        LineRichMenu.objects.current(LineRichMenu.Purpose.TEST)
        .exclude(menu_id=menu_id)
        .first()
    )
    for start in range(0, len(user_ids), BULK_LINK_MAX):
        chunk = user_ids[start : start + BULK_LINK_MAX]
        result = (
            client.link_rich_menu_to_users(still_testing.line_rich_menu_id, chunk)
            if still_testing is not None
            else client.unlink_rich_menu_from_users(chunk)
        )
        if not result.ok:
            return Outcome(False, _line_error(result))
    _replace(
        LineRichMenu.objects.filter(menu_id=menu_id, purpose=LineRichMenu.Purpose.TEST)
    )
    queue_deletions()
    return Outcome(True)


def withdraw(menu_id: int) -> None:
    """The menu was unpublished or deleted: its LINE menus are queued for deletion.

    The one that is everyone's default stays until staff choose another default, so
    residents never lose their menu by accident.
    """
    _replace(LineRichMenu.objects.filter(menu_id=menu_id))
    queue_deletions()


def queue_deletions() -> None:
    from .tasks import delete_replaced_rich_menus

    delete_replaced_rich_menus.delay_on_commit()


def pending_deletions():
    default = RichMenuDefault.load()
    return (
        LineRichMenu.objects.on_current_channel()
        .filter(replaced_at__isnull=False, deleted_at__isnull=True)
        .exclude(line_rich_menu_id="")
        .exclude(pk=default.line_object_id or 0)
        .order_by("replaced_at")
    )


def delete_replaced(budget: int = HOURLY_BUDGET) -> int:
    """Delete replaced menus from LINE within the hourly budget; returns how many remain."""
    _sync_sandbox()
    since = timezone.now() - datetime.timedelta(hours=1)
    used = (
        LineRichMenu.objects.on_current_channel().filter(deleted_at__gte=since).count()
    )
    allowed = max(0, budget - used)
    for line_menu in pending_deletions()[:allowed]:
        result = client.delete_rich_menu(line_menu.line_rich_menu_id)
        if result.ok or result.status == 404:
            LineRichMenu.objects.filter(pk=line_menu.pk).update(
                deleted_at=timezone.now()
            )
            continue
        logger.warning(
            "Deleting rich menu %s failed: %s %s",
            line_menu.line_rich_menu_id,
            result.status,
            result.message,
        )
        break  # 429 or an outage: the next run continues
    return pending_deletions().count()
