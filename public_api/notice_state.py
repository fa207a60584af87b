"""The one place the API reads a disaster notice's state (発表中 / 解除).

The state is the notice's event lifecycle (``home.notice_lifecycle``): lifted,
resumed, restored, superseded by a newer notice or past its hours all read as
``lifted`` (no longer in force), with the time it stopped and the label residents
see (``end_label``: 解除, 運航再開, 復旧 …). The serializers, the ``state`` filter, the
widget and the change events all read it here.
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
    """``in_force`` (発表中) or ``lifted`` (解除 and every other end)."""
    lifted_at: datetime.datetime | None
    end_label: str = ""

    @property
    def in_force(self) -> bool:
        return self.state == IN_FORCE


def notice_state(notice: DisasterNoticePage) -> NoticeState:
    """Whether the notice is in force, and when and how it ended."""
    if notice.in_force:
        return NoticeState(state=IN_FORCE, lifted_at=None)
    return NoticeState(
        state=LIFTED, lifted_at=notice.ended_at, end_label=notice.end_label
    )
