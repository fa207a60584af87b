"""LINE user ids never shown whole: in logs, error messages and staff screens.

A LINE user id is ``U`` followed by 32 hexadecimal digits (group and room ids start
with ``C``/``R``). Staff tell friends apart by ``Friend.masked_user_id``; anything
that might carry an id in free text (LINE's error messages, exceptions) goes through
``mask_line_ids`` before it is logged or shown.
"""

import logging
import re


LINE_ID = re.compile(r"\b([UCR][0-9a-f]{4})[0-9a-f]{24}([0-9a-f]{4})\b")


def mask_line_ids(text: object) -> str:
    """``Uabcd1…9f0e``-style: the same shape as ``Friend.masked_user_id``."""
    return LINE_ID.sub(r"\1…\2", str(text))


class MaskLineIdsFilter(logging.Filter):
    """Logging filter: the formatted message with every LINE id masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_line_ids(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
