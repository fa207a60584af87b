"""Feeding chains of 防災メール and reading what residents see after each one."""

from __future__ import annotations

import datetime
from email.utils import format_datetime
import itertools
import re

from django.test import Client
from django.utils import timezone

from home import disaster_mode
from home.models import DisasterNoticePage
from line_delivery.mail_bridge.ingest import ingest
from line_delivery.models import IncomingMail

from .mail_helpers import encode_mail


_ids = itertools.count(1)


def mail_bytes(
    text: str,
    subject: str = "【防災情報】お知らせ",
    when: datetime.datetime | None = None,
) -> bytes:
    raw = encode_mail(
        text,
        charset="UTF-8",
        codec="utf-8",
        transfer="base64",
        subject=subject,
        message_id=f"<chain-{next(_ids)}@bousai-mail.example.jp>",
    )
    date = format_datetime(timezone.localtime(when or timezone.now()))
    return re.sub(rb"Date: [^\r]*", f"Date: {date}".encode(), raw, count=1)


def feed(raw: bytes, capture) -> DisasterNoticePage:
    """Ingest as the pipe does and run what is queued on commit (LINE deliveries)."""
    with capture(execute=True):
        mail = ingest(raw)
    assert mail.outcome == IncomingMail.Outcome.PUBLISHED, mail.outcome_detail
    return fresh(mail.page_id)


def fresh(notice_or_id) -> DisasterNoticePage:
    """The notice re-read (its state is cached per instance)."""
    pk = getattr(notice_or_id, "pk", notice_or_id)
    return DisasterNoticePage.objects.get(pk=pk)


def home_alerts(client: Client) -> str:
    """The top page's 「発表中の防災情報」 section ('' when nothing is in force)."""
    html = client.get("/").content.decode()
    start = html.find('class="alerts"')
    if start == -1:
        return ""
    return html[start : html.find("</section>", start)]


def banner_titles(client: Client, path: str) -> str:
    """The disaster-mode banner (web and LIFF pages) text, or '' when absent."""
    html = client.get(path).content.decode()
    start = html.find('class="disaster-mode"')
    if start == -1:
        return ""
    return html[start : html.find("</section>", start)]


def enter_disaster_mode() -> None:
    disaster_mode.enter(reason="テスト")


def texts(line_channel, friend) -> list[str]:
    return line_channel.received_texts(friend.line_user_id)


def follow_ups(line_channel, friend) -> list[str]:
    """The follow-ups a friend got: short text messages, not the notices' Flex cards."""
    return [
        item.text
        for item in line_channel.received(friend.line_user_id)
        if item.message.get("type") == "text"
    ]
