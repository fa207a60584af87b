"""Residents writing to the city's account, and staff of the departments, for inbox tests."""

import datetime
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.roles import editor_group_name
from line_delivery.inbox.models import Department

from .webhook_helpers import base_event


_message_ids = itertools.count(700_000_000_000_000_001)
ALWAYS_OPEN = {
    "opens_at": datetime.time(0, 0),
    "closes_at": datetime.time(23, 59, 59),
    "weekdays": [0, 1, 2, 3, 4, 5, 6],
    "closed_on_holidays": False,
    "closed_year_end": False,
}


def departments_always_open() -> dict[str, Department]:
    """The migration's departments, staffed around the clock (tests never depend on the hour)."""
    Department.objects.update(**ALWAYS_OPEN)
    return {d.name: d for d in Department.objects.all()}


def department_closed_today(department: Department) -> Department:
    """Open every day but today (and never on holidays), so "now" is outside hours."""
    from django.utils import timezone

    today = timezone.localdate().weekday()
    department.weekdays = [d for d in range(7) if d != today]
    department.save()
    return department


def staff(department: str, username: str, email: str = "") -> Any:
    user = get_user_model().objects.create_user(
        username,
        email=email or f"{username}@city.example.jp",
        password="a long enough password 2026",
        first_name=username,
    )
    user.groups.add(Group.objects.get(name=editor_group_name(department)))
    return user


def message_event(fake, user_id: str, message: dict[str, Any], **extra) -> dict:
    """A message event as LINE sends it, with a reply token and a markAsReadToken."""
    body = {
        "id": str(next(_message_ids)),
        "quoteToken": "q3Plxr4AgKd",
        "markAsReadToken": fake.issue_mark_as_read_token(user_id),
        **message,
    }
    return base_event(
        "message",
        user_id,
        reply_token=fake.issue_reply_token(user_id),
        message=body,
        **extra,
    )


def text(fake, user_id: str, words: str, **extra) -> dict:
    return message_event(fake, user_id, {"type": "text", "text": words}, **extra)


def image(fake, user_id: str, data: bytes, content_type: str = "image/png") -> dict:
    event = message_event(
        fake, user_id, {"type": "image", "contentProvider": {"type": "line"}}
    )
    fake.add_message_content(event["message"]["id"], data, content_type)
    return event


def tap(fake, user_id: str, data: str) -> dict:
    return base_event(
        "postback",
        user_id,
        reply_token=fake.issue_reply_token(user_id),
        postback={"data": data},
    )
