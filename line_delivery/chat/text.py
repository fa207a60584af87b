"""Text messages: a garbage item, an FAQ, a command word, or the help reply."""

from typing import Any

from ..models import Friend
from .common import help_message


def text_messages(text: str, friend: Friend | None) -> list[dict[str, Any]]:
    return [help_message()]
