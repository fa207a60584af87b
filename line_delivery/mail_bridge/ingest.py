"""Keep every mail, ignore duplicates, and apply the staff's rules.

``ingest(raw, channel)`` is the one entry point for the pipe (``manage.py
ingest_mail``) and the IMAP poller. A trusted sender's mail becomes a
``DisasterNoticePage``: published at once (→ LINE through the normal publish flow)
or a draft the duty staff are told about. Nothing from another sender is ever sent.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from home import disaster_mode
from home.models import (
    AlertLevel,
    Area,
    DisasterIndexPage,
    DisasterNoticePage,
    Shelter,
    ShelterStatus,
)

from . import lifecycle
from .hazards import guess_hazard
from .models import DisasterModeAction, IncomingMail, MailBridgeSettings, TrustedSender
from .parsing import parse_mail
from .reading import Reading, Vocabulary, read, repeat_key, summary


logger = logging.getLogger(__name__)

REPEAT_WINDOW = datetime.timedelta(hours=24)


def notice_title(subject: str, reading: Reading, prefixes: list[str]) -> str:
    title = subject
    for prefix in prefixes:
        title = title.replace(prefix, "")
    title = title.strip()
    if not title:
        title = next((s for s in reading.text.split("\n") if s.strip()), "防災情報")
    return title[:255]


def body_blocks(text: str) -> list[dict]:
    """The whole text, as sent, one paragraph per blank-line-separated block."""
    blocks = []
    for chunk in text.split("\n\n"):
        if chunk.strip():
            html = "<br/>".join(escape(line) for line in chunk.split("\n"))
            blocks.append({"type": "paragraph", "value": f"<p>{html}</p>"})
    return blocks


def _reading_json(reading: Reading) -> dict:
    data = dataclasses.asdict(reading)
    data.pop("text")
    return data


def _find_original(message_id: str, text_hash: str, key: str) -> IncomingMail | None:
    originals = IncomingMail.objects.filter(is_original=True)
    by_id = originals.filter(message_id=message_id).first()
    if by_id:
        return by_id
    if text_hash:
        by_text = originals.filter(text_hash=text_hash).first()
        if by_text:
            return by_text
        return (
            originals.filter(
                repeat_key=key,
                announces_repeat=True,
                received_at__gte=timezone.now() - REPEAT_WINDOW,
            )
            .order_by("received_at")
            .first()
        )
    return None


def ingest(raw: bytes, channel: str = IncomingMail.Channel.PIPE) -> IncomingMail:
    """Store one message and act on it. Safe to call twice with the same message."""
    parsed = parse_mail(raw)
    config = MailBridgeSettings.load()
    vocabulary = config.vocabulary()
    reading = read(parsed.text, vocabulary)
    text_hash = reading.text_hash if reading.text.strip() else ""
    key = repeat_key(reading, vocabulary)
    mail = IncomingMail(
        message_id=parsed.message_id,
        channel=channel,
        sent_at=parsed.sent_at,
        sender=parsed.sender[:255],
        subject=parsed.subject[:255],
        # latin-1 maps every byte to one character: the raw message round-trips.
        raw_message=raw.decode("latin-1"),
        text=reading.text,
        text_hash=text_hash,
        repeat_key=key,
        announces_repeat=reading.announces_repeat,
        reading=_reading_json(reading),
    )
    original = _find_original(parsed.message_id, text_hash, key)
    if original is None:
        try:
            with transaction.atomic():
                mail.save()
        except IntegrityError:
            # Another process stored the same message a moment ago.
            original = _find_original(parsed.message_id, text_hash, key)
            mail.pk = None
    if original is not None:
        mail.is_original = False
        mail.duplicate_of = original
        mail.outcome = IncomingMail.Outcome.DUPLICATE
        mail.outcome_detail = (
            f"{original.received_at:%Y-%m-%d %H:%M} に受信したメールと同じです。"
        )
        mail.save()
        return mail

    try:
        with transaction.atomic():
            _apply_rules(mail, reading, config, vocabulary)
    except Exception as error:
        logger.exception("Disaster mail %s could not be handled", mail.pk)
        IncomingMail.objects.filter(pk=mail.pk).update(
            outcome=IncomingMail.Outcome.FAILED,
            outcome_detail=f"処理中にエラーが発生しました: {error}"[:2000],
        )
        mail.refresh_from_db()
    return mail


def _apply_rules(
    mail: IncomingMail,
    reading: Reading,
    config: MailBridgeSettings,
    vocabulary: Vocabulary,
) -> None:
    sender = TrustedSender.objects.filter(address=mail.sender, is_active=True).first()
    if sender is None:
        _finish(
            mail, IncomingMail.Outcome.UNTRUSTED, "信頼する送信者に登録されていません。"
        )
        return
    mail.trusted_sender = sender
    if not reading.text.strip():
        _finish(mail, IncomingMail.Outcome.EMPTY, "本文がありません。")
        return
    index = DisasterIndexPage.objects.live().first()
    if index is None:
        _finish(mail, IncomingMail.Outcome.FAILED, "防災情報の一覧ページがありません。")
        return

    publish = sender.action == TrustedSender.Action.PUBLISH and not any(
        word in mail.subject for word in config.draft_only_words()
    )
    page = DisasterNoticePage(
        title=notice_title(mail.subject, reading, config.subject_prefix_list()),
        slug=f"mail-{mail.pk}",
        level=reading.level or AlertLevel.INFO,
        hazard=guess_hazard(
            mail.subject,
            reading.text,
            is_drill=reading.is_drill,
            issues_level=reading.level is not None,
        ),
        issued_at=mail.sent_at or timezone.now(),
        summary=summary(reading.text, vocabulary),
        body=body_blocks(reading.text),
        # Citywide is the safe side, but never labelled 市内全域 as if certain.
        areas_unread=reading.area_unclear and not reading.areas,
        zone_label="、".join(reading.zones) if reading.areas else "",
        live=False,
    )
    if reading.lifts and reading.level is None:
        # Only lifts (「…を解除しました」): the notice itself reads as 解除, and does not
        # stay among the active notices.
        page.lifted_at = page.issued_at
    page.target_areas = list(Area.objects.filter(name__in=reading.areas))
    page.shelters = list(Shelter.objects.filter(name__in=reading.shelters_opened))
    page.topics = list(sender.topics.all())
    events = lifecycle.plan_events(
        mail.subject, reading.text, vocabulary, is_drill=reading.is_drill
    )
    lifecycle.adjust_new_notice(page, events)
    index.add_child(instance=page)
    revision = page.save_revision()
    mail.page = page
    details: list[str] = []
    lifted = lifecycle.apply_events(page, events, page.issued_at, publish=publish)
    if lifted:
        details.append("解除: " + "、".join(lifted))
    if publish:
        _update_shelters(reading)
        revision.publish()
        outcome = IncomingMail.Outcome.PUBLISHED
    else:
        outcome = IncomingMail.Outcome.DRAFTED
        _alert_duty_staff(
            config,
            f"【下書き】{page.title}",
            "防災メールから防災情報の下書きを作成しました。確認して公開してください。\n"
            f"{_admin_url('wagtailadmin_pages:edit', page.pk)}\n\n{reading.text}",
        )
    details.append(_disaster_mode(mail, reading, config, vocabulary))
    details.append(_report_what_was_not_understood(mail, page, reading, config))
    _finish(mail, outcome, "\n".join(d for d in details if d))


def _update_shelters(reading: Reading) -> None:
    for names, status in (
        (reading.shelters_opened, ShelterStatus.OPEN),
        (reading.shelters_full, ShelterStatus.FULL),
        (reading.shelters_closed, ShelterStatus.CLOSED),
    ):
        for shelter in Shelter.objects.filter(name__in=names).exclude(status=status):
            shelter.status = status
            shelter.save()


def _disaster_mode(
    mail: IncomingMail,
    reading: Reading,
    config: MailBridgeSettings,
    vocabulary: Vocabulary,
) -> str:
    if reading.is_drill:
        return ""
    ended = [w for w in config.disaster_mode_end_word_list() if w in reading.text]
    if ended:
        # The task force closed: a proposal nobody acted on is no longer true.
        # Disaster mode itself is left only by staff.
        if disaster_mode.withdraw_proposal(
            f"防災メール「{mail.subject}」（{ended[0]}）"
        ):
            return "災害モードの提案を取り下げました。"
        return ""
    if config.disaster_mode_action == DisasterModeAction.NONE:
        return ""
    high_level = (
        reading.level is not None and reading.level >= config.disaster_mode_level
    )
    words = [w for w in config.disaster_mode_word_list() if w in reading.text]
    if not (high_level or words):
        return ""
    reason = f"防災メール「{mail.subject}」" + (
        f"（{AlertLevel(reading.level).label}）" if high_level else f"（{words[0]}）"
    )
    if config.disaster_mode_action == DisasterModeAction.SWITCH_ON:
        from home.models import DisasterModeSwitch

        if disaster_mode.enter(reason=reason, source=DisasterModeSwitch.Source.MAIL):
            return "災害モードに切り替えました。"
        return ""
    if disaster_mode.propose(reason):
        _alert_duty_staff(
            config,
            "【提案】災害モードへの切り替え",
            f"{reason}を受信しました。災害モードへの切り替えを検討してください。\n"
            f"{_admin_url('disaster_mode')}",
        )
        return "災害モードを提案しました。"
    return ""


def _report_what_was_not_understood(
    mail: IncomingMail,
    page: DisasterNoticePage,
    reading: Reading,
    config: MailBridgeSettings,
) -> str:
    """Tell the duty staff what the reading could not place: they fix it by hand."""
    problems: list[str] = []
    if page.areas_unread:
        problems.append(
            "対象地区の注記を読み取れなかったため、市内全域に配信しました。"
            "対象地区を確認してください。"
        )
    if reading.unknown_shelters:
        problems.append(
            "避難所の一覧にない名前があります（開設状況は更新していません）: "
            + "、".join(reading.unknown_shelters)
            + "。避難所の一覧か別の表記に登録してください。"
        )
    if not problems:
        return ""
    notes = [line for line in reading.text.split("\n") if line.strip()]
    _alert_duty_staff(
        config,
        f"【確認】{page.title}",
        "防災メールに読み取れない部分がありました。\n"
        + "\n".join(f"・{p}" for p in problems)
        + f"\n\n防災情報: {_admin_url('wagtailadmin_pages:edit', page.pk)}\n"
        + f"受信した防災メール: {mail.subject}\n\n"
        + "\n".join(notes),
    )
    return "\n".join(problems)


def _admin_url(name: str, *args) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def _alert_duty_staff(config: MailBridgeSettings, subject: str, body: str) -> None:
    recipients = config.duty_staff()
    if recipients:
        # After commit: a rolled-back draft must not be announced.
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=True)
        )


def _finish(mail: IncomingMail, outcome: str, detail: str) -> None:
    mail.outcome = outcome
    mail.outcome_detail = detail
    mail.save()
