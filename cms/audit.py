"""The staff audit log's one entry point: ``record(actor, action, target, **details)``.

Every staff action that matters (publish, delivery, test send, rich-menu changes,
disaster mode, settings, exports, sign-ins) calls ``record``. Until the audit-log
models land this writes a structured line to the ``otake.audit`` logger; the
signature is the contract other apps code against.
"""

from __future__ import annotations

import logging
from typing import Any


logger = logging.getLogger("otake.audit")


def record(actor: Any, action: str, target: Any = None, **details: Any) -> None:
    """Note that ``actor`` (a user, a request, or None for the system) did ``action``.

    ``action`` is a short dotted name (``"delivery.test_send"``, ``"richmenu.set_default"``,
    ``"disaster_mode.on"``); ``target`` the object acted on; ``details`` JSON-able
    facts (never personal data such as LINE user ids or message text typed by residents).
    """
    user = getattr(actor, "user", actor)
    logger.info(
        "%s by %s on %r %s",
        action,
        getattr(user, "get_username", lambda: "system")() if user else "system",
        target,
        details,
    )
