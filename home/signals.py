"""Signals content sends so that channels (line_delivery, …) can react without home
importing them (architecture.md: content never imports LINE code)."""

from django.dispatch import Signal


# Sent when the city enters or leaves disaster mode (災害モード).
# Keyword arguments: ``active`` (bool), ``user`` (who switched, or None for a mail rule),
# ``reason`` (str). Receivers e.g. make the 災害時 rich menu the default for everyone.
disaster_mode_changed = Signal()
