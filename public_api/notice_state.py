"""The one place the API reads a disaster notice's state (発表中 / 解除).

Today the state lives in ``DisasterNoticePage.lifted_at``. When notices gain an event
lifecycle (lifted / resumed, an in-force property), only this function changes: the
serializers, the ``state`` filter, the widget and the change events all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime

from home.models import DisasterNoticePage


IN_FORCE = "in_force"
LIFTED = "lifted"


@dataclass(frozen=True)
class NoticeState:
    state: str
    """``in_force`` (発表中) or ``lifted`` (解除)."""
    lifted_at: datetime.datetime | None

    @property
    def in_force(self) -> bool:
        return self.state == IN_FORCE


def notice_state(notice: DisasterNoticePage) -> NoticeState:
    """Whether the notice is in force, and when it was lifted."""
    if notice.lifted_at is None:
        return NoticeState(state=IN_FORCE, lifted_at=None)
    return NoticeState(state=LIFTED, lifted_at=notice.lifted_at)
