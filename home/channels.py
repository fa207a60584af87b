"""Extension points for delivery channels (LINE today; e-mail or web push tomorrow).

Content never imports channel code. A channel app registers itself here from its
``AppConfig.ready()``; deliverable pages then offer its preview mode and run its checks
when staff publish, so a page that a channel cannot carry is stopped in the editor.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse


FieldError = tuple[str | None, str]
"""(form field name or None for the whole page, message in Japanese)."""


@dataclass(frozen=True)
class Channel:
    name: str
    label: str
    preview: Callable[[HttpRequest, Any], HttpResponse]
    validate: Callable[[Any], list[FieldError]]


_channels: dict[str, Channel] = {}


def register_channel(channel: Channel) -> None:
    _channels[channel.name] = channel


def registered_channels() -> list[Channel]:
    return list(_channels.values())


def get_channel(name: str) -> Channel | None:
    return _channels.get(name)
