"""What going live checks, shows and does (shared by the admin view and the command)."""

from __future__ import annotations

from dataclasses import dataclass, field
import logging
import re

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cms import audit

from .. import client
from ..channel import current_channel
from ..models import Friend
from ..rich_menus import publish as rich_menu_publish
from ..rich_menus.models import RichMenu, RichMenuDefault
from . import line_api


logger = logging.getLogger(__name__)

LIFF_ID_RE = re.compile(r"^\d{10}-[A-Za-z0-9]{8}$")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Plan:
    """What was found and what going live will do, before anything is done."""

    sandbox: bool
    channel: str
    webhook_url: str
    checks: list[Check] = field(default_factory=list)
    bot_name: str = ""
    bot_picture_url: str = ""
    bot_basic_id: str = ""
    current_webhook: str = ""
    sandbox_friends: int = 0
    real_friends: int = 0
    menus_to_create: list[str] = field(default_factory=list)
    default_menu: str = ""

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks)

    def actions(self, *, remove_sandbox_friends: bool) -> list[str]:
        """Each change, in the words staff read before they confirm."""
        done = []
        if not self.sandbox:
            done.append(
                _("Webhook URLを %(url)s に設定し、LINEから接続テストをします。")
                % {"url": self.webhook_url}
            )
        for name in self.menus_to_create:
            done.append(
                _("リッチメニュー「%(name)s」をこのチャネルに作成します。")
                % {"name": name}
            )
        if self.default_menu:
            done.append(
                _("「%(name)s」をこのチャネルの既定のリッチメニューにします。")
                % {"name": self.default_menu}
            )
        if not self.sandbox and self.sandbox_friends:
            if remove_sandbox_friends:
                done.append(
                    _("サンドボックスの架空の友だち %(count)d 人を削除します。")
                    % {"count": self.sandbox_friends}
                )
            else:
                done.append(
                    _(
                        "サンドボックスの架空の友だち %(count)d 人は配信の対象外です"
                        "（削除はしません）。"
                    )
                    % {"count": self.sandbox_friends}
                )
        return done


def default_webhook_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/line/webhook/"


def _menus_missing_on_channel() -> list[RichMenu]:
    missing = []
    for menu in RichMenu.objects.filter(live=True).order_by("pk"):
        if menu.live_line_object() is None:
            missing.append(menu)
    return missing


def make_plan(webhook_url: str | None = None) -> Plan:
    sandbox = client.is_sandbox()
    plan = Plan(
        sandbox=sandbox,
        channel=current_channel(),
        webhook_url=webhook_url or default_webhook_url(),
        sandbox_friends=Friend.objects.filter(is_sandbox=True).count(),
        real_friends=Friend.objects.filter(is_sandbox=False).count(),
        menus_to_create=[menu.name for menu in _menus_missing_on_channel()],
    )
    default = RichMenuDefault.load()
    if default.menu is not None and (
        default.line_object is None or default.line_object.channel != plan.channel
    ):
        plan.default_menu = default.menu.name

    if sandbox:
        plan.checks.append(
            Check(
                _("チャネル"),
                True,
                _(
                    "サンドボックス（研修・デモ用）です。本番接続するには "
                    "LINE_CHANNEL_ACCESS_TOKEN と LINE_CHANNEL_SECRET を設定してください。"
                ),
            )
        )
        return plan

    plan.checks.append(
        Check(
            _("チャネルシークレット"),
            bool(settings.LINE_CHANNEL_SECRET),
            _("設定済み")
            if settings.LINE_CHANNEL_SECRET
            else _(
                "LINE_CHANNEL_SECRET が未設定です（Webhookの署名を確認できません）。"
            ),
        )
    )
    info = line_api.bot_info()
    if info.ok:
        data = line_api.as_dict(info.data)
        plan.bot_name = data.get("displayName", "")
        plan.bot_picture_url = data.get("pictureUrl", "") or ""
        plan.bot_basic_id = data.get("basicId", "")
        plan.checks.append(
            Check(
                _("チャネルアクセストークン"),
                True,
                _("有効です（%(name)s %(id)s）")
                % {"name": plan.bot_name, "id": plan.bot_basic_id},
            )
        )
    else:
        plan.checks.append(
            Check(
                _("チャネルアクセストークン"),
                False,
                _("LINEに受け付けられませんでした: %(status)s %(message)s")
                % {"status": info.status, "message": info.message},
            )
        )
    endpoint = line_api.webhook_endpoint()
    if endpoint.ok:
        plan.current_webhook = line_api.as_dict(endpoint.data).get("endpoint", "")
    plan.checks.append(
        Check(
            _("Webhook URL"),
            plan.webhook_url.startswith("https://"),
            _("%(url)s（LINEはHTTPSのURLだけを受け付けます）")
            % {"url": plan.webhook_url},
        )
    )
    liff_ok = bool(LIFF_ID_RE.match(settings.LINE_LIFF_ID or ""))
    plan.checks.append(
        Check(
            _("LIFF"),
            liff_ok,
            _("LIFF ID %(id)s") % {"id": settings.LINE_LIFF_ID}
            if liff_ok
            else _(
                "LINE_LIFF_ID が未設定か形式が違います（例: 1234567890-AbCdEfGh）。"
            ),
        )
    )
    login_ok = (settings.LINE_LOGIN_CHANNEL_ID or "").isdigit()
    plan.checks.append(
        Check(
            _("LINEログイン"),
            login_ok,
            _("チャネルID %(id)s") % {"id": settings.LINE_LOGIN_CHANNEL_ID}
            if login_ok
            else _("LINE_LOGIN_CHANNEL_ID が未設定か数字ではありません。"),
        )
    )
    return plan


@dataclass
class Result:
    ok: bool
    lines: list[str]


def go_live(plan: Plan, *, remove_sandbox_friends: bool = False, user=None) -> Result:
    """Do what ``plan`` showed. Stops at the first step LINE refuses."""
    lines: list[str] = []
    if not plan.sandbox:
        if not plan.ready:
            return Result(
                False, [_("確認項目に問題があるため、本番接続しませんでした。")]
            )
        set_result = line_api.set_webhook_endpoint(plan.webhook_url)
        if not set_result.ok:
            return Result(
                False,
                [
                    _("Webhook URLを設定できませんでした: %(m)s")
                    % {"m": set_result.message}
                ],
            )
        tested = line_api.test_webhook_endpoint(plan.webhook_url)
        data = line_api.as_dict(tested.data) if tested.ok else {}
        if not tested.ok or not data.get("success"):
            return Result(
                False,
                [
                    _("LINEからWebhook URLに接続できませんでした: %(m)s")
                    % {"m": data.get("reason") or tested.message}
                ],
            )
        lines.append(_("Webhook URLを設定し、接続を確認しました。"))
    for menu in _menus_missing_on_channel():
        outcome = rich_menu_publish.publish(menu.pk, menu.live_revision_id, None)
        if not outcome.ok:
            return Result(
                False,
                lines
                + [
                    _("リッチメニュー「%(name)s」を作成できませんでした: %(m)s")
                    % {"name": menu.name, "m": outcome.message}
                ],
            )
        lines.append(
            _("リッチメニュー「%(name)s」を作成しました。") % {"name": menu.name}
        )
    default = RichMenuDefault.load()
    if default.menu is not None and (
        default.line_object is None or default.line_object.channel != plan.channel
    ):
        outcome = rich_menu_publish.set_default(default.menu.purpose)
        if not outcome.ok:
            return Result(False, [*lines, outcome.message])
        lines.append(
            _("「%(name)s」を既定のリッチメニューにしました。")
            % {"name": default.menu.name}
        )
    if remove_sandbox_friends and not plan.sandbox:
        removed = remove_sandbox_friends_now()
        lines.append(
            _("サンドボックスの友だち %(count)d 人を削除しました。")
            % {"count": removed}
        )
    audit.record(
        user,
        "line.go_live",
        None,
        channel=plan.channel,
        sandbox=plan.sandbox,
        webhook_url=plan.webhook_url,
        removed_sandbox_friends=bool(remove_sandbox_friends),
    )
    return Result(True, lines)


def remove_sandbox_friends_now() -> int:
    """One action: the sandbox's made-up friends and what hangs off them (their
    settings, reminders, sandbox messages, test-member rows); returns how many."""
    with transaction.atomic():
        friends = Friend.objects.filter(is_sandbox=True)
        count = friends.count()
        friends.delete()
    return count
