"""The staff audit log's one entry point: ``record(actor, action, target, **details)``.

Every staff action that matters (publish, delivery, test send, rich-menu changes,
disaster mode, settings, exports, sign-ins) calls ``record``; Wagtail's own log
entries (publish, unpublish, edits, workflow steps) are copied in by
``cms.signal_handlers`` so that the audit list (監査ログ) shows everything in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import logging
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page

from .request_context import client_ip, current_request


logger = logging.getLogger("otake.audit")

ACTIONS: dict[str, Any] = {
    "auth.login": _("ログイン"),
    "auth.logout": _("ログアウト"),
    "auth.login_failed": _("ログイン失敗"),
    "auth.locked_out": _("ログインのロック"),
    "two_factor.enrol": _("2段階認証の登録"),
    "two_factor.reset": _("2段階認証のリセット"),
    "delivery.start": _("LINE配信の開始"),
    "delivery.test_send": _("LINEテスト配信"),
    "delivery.redeliver": _("LINE再配信"),
    "delivery.cancel": _("LINE配信の中止"),
    "delivery.resend_missing": _("LINE配信の未送信の人への送信"),
    "delivery.guardrail_confirmed": _("LINE配信の注意を確認して公開"),
    "settings.change": _("設定の変更"),
    "export": _("エクスポート"),
    "richmenu.set_default": _("既定のリッチメニューの変更"),
    "richmenu.change": _("リッチメニューの変更"),
    "disaster_mode.on": _("災害モードの開始"),
    "disaster_mode.off": _("災害モードの終了"),
    "channel.change": _("チャネル設定の変更"),
    "disaster_mode.proposed": _("災害モードの提案"),
    "disaster_mode.withdrawn": _("災害モードの提案の取り下げ"),
    "richmenu.create": _("リッチメニューの作成"),
    "richmenu.edit": _("リッチメニューの編集"),
    "richmenu.publish": _("リッチメニューの公開"),
    "richmenu.delete": _("リッチメニューの削除"),
    "richmenu.test_start": _("リッチメニューのテスト開始"),
    "richmenu.test_end": _("リッチメニューのテスト終了"),
    "richmenu.artwork": _("リッチメニュー画像の自動作成"),
    "shelter.status": _("避難所の開設状況の変更"),
    "shelter.announce": _("開設中の避難所のお知らせ"),
    "notice.end": _("防災情報の終了"),
    "notice.extend": _("防災情報の延長"),
    "survey.export": _("アンケート回答のエクスポート"),
    "backup.make": _("バックアップの作成"),
    "backup.restore": _("バックアップからの復元"),
    "maintenance.on": _("メンテナンスの開始"),
    "maintenance.off": _("メンテナンスの終了"),
    "access.denied": _("権限のない操作の試み"),
    "user.create": _("職員ユーザーの追加"),
    "user.roles_change": _("職員の役割・権限の変更"),
    "group.create": _("グループの作成"),
    "group.permissions_change": _("グループの権限の変更"),
    "sandbox.view": _("サンドボックスの会話の閲覧"),
    "sandbox.impersonate": _("サンドボックスで住民として操作"),
}
"""Labels of our own actions; they are registered with Wagtail's log-action registry
(``cms/wagtail_hooks.py``) so Wagtail's and ours are labelled the same way."""


class _AuditJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _as_json(details: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(details, cls=_AuditJSONEncoder))


@dataclass(frozen=True)
class Target:
    """A target known only by type, id and label (no model instance at hand)."""

    type: str
    id: str
    label: str


def describe_target(target: Any) -> tuple[str, str, str]:
    """(type, id, label) of what was acted on; a label never carries residents' data.

    Models whose ``str()`` could show personal data define ``audit_label``.
    """
    if target is None:
        return "", "", ""
    if isinstance(target, Target):
        return target.type, target.id, (target.label or "")[:255]
    if isinstance(target, models.Model):
        label = getattr(target, "audit_label", None) or str(target)
        return target._meta.label_lower, str(target.pk or ""), label[:255]
    return "", "", str(target)[:255]


def record(
    actor: Any, action: str, target: Any = None, *, actor_name: str = "", **details: Any
):
    """Note that ``actor`` (a user, a request, or None) did ``action``.

    With None, the user of the request being served (if any) is the actor, else the
    system (scheduled jobs, mail rules). ``actor_name`` names the actor when no user
    is signed in, e.g. the username tried in a failed sign-in, so that searching the
    list for an account finds its failures and lock-outs too.

    ``action`` is a short dotted name (``"delivery.test_send"``, ``"richmenu.set_default"``,
    ``"disaster_mode.on"``); ``target`` the object acted on; ``details`` JSON-able
    facts (never personal data such as LINE user ids or message text typed by residents).
    The entry is written in the caller's transaction: if the action rolls back, so
    does its record. Returns the ``AuditEntry``.
    """
    from .models import AuditEntry

    request = actor if isinstance(actor, HttpRequest) else current_request()
    if isinstance(actor, HttpRequest):
        user = getattr(actor, "user", None)
    elif actor is None and request is not None:
        # e.g. a signal handler running inside a staff member's request
        user = getattr(request, "user", None)
    else:
        user = actor
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    target_type, target_id, target_label = describe_target(target)
    entry = AuditEntry.objects.create(
        created_at=timezone.now(),
        user=user,
        username=(user.get_username() if user else actor_name)[:150],
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        details=_as_json(details),
        ip_address=client_ip(request) if request is not None else None,
    )
    if isinstance(target, Page) and action in ACTIONS:
        # Also in the page's own history (履歴), where editors look first. The copy
        # of Wagtail's log (cms/signal_handlers.py) skips our own actions.
        log(instance=target, action=action, user=user, data=entry.details)
    logger.info(
        "%s by %s on %s %s",
        action,
        entry.username or "system",
        target_label or "-",
        entry.details,
    )
    return entry


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value) or "なし"
    if value in (None, ""):
        return "なし"
    return str(value)


CHANGE_NAMES = {
    "groups": _("役割"),
    "is_superuser": _("システム管理者（全権限）"),
    "is_active": _("有効"),
}


def _status_label(value: Any) -> str:
    from home.models import ShelterStatus

    try:
        return str(ShelterStatus(value).label)
    except ValueError:
        return _value_text(value)


def change_lines(details: dict[str, Any]) -> list[str]:
    """What changed, as "名前: 前 → 後" lines, from ``details``.

    Understands ``changes={name: [before, after]}`` (user and settings changes) and
    ``added``/``removed`` lists (group permissions).
    """
    lines = []
    if "previous" in details and "status" in details:  # e.g. 避難所: 未開設 → 開設
        lines.append(
            f"{_('状態')}: {_status_label(details['previous'])} → "
            f"{_status_label(details['status'])}"
        )
    for name, pair in (details.get("changes") or {}).items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            label = CHANGE_NAMES.get(name, name)
            lines.append(f"{label}: {_value_text(pair[0])} → {_value_text(pair[1])}")
    for name, prefix in (("added", "追加"), ("removed", "削除")):
        for item in details.get(name) or []:
            lines.append(f"{prefix}: {item}")
    return lines


def action_label(action: str) -> str:
    """The Japanese (or Wagtail's) label of an action; the raw name when unknown."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    try:
        return str(log_action_registry.get_action_label(action))
    except KeyError:
        return action
