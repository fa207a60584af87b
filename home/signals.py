"""Signals content sends so that channels (line_delivery, …) can react without home
importing them (architecture.md: content never imports LINE code)."""

from django.dispatch import Signal


# Sent when the city enters or leaves disaster mode (災害モード).
# Keyword arguments: ``active`` (bool), ``user`` (who switched, or None for a mail rule),
# ``reason`` (str). Receivers e.g. make the 災害時 rich menu the default for everyone.
disaster_mode_changed = Signal()

# Sent (after commit) when events of disaster notices end: a mail lifted them (解除,
# 運航再開, 復旧 …) or staff ended a notice. Keyword argument: ``ending_id`` (a
# ``NoticeEnding``). Receivers tell those who got the ended notices, once.
notice_events_ended = Signal()
