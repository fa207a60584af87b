"""Which LINE channel this process talks to, as a short stable key.

LINE-side records (rich menus, their aliases and the default) exist on one channel
only: a menu created in the sandbox does not exist on the city's real channel. Each
``LineRichMenu`` keeps the key of the channel it was made on, and "is this menu on
LINE?" is always asked of the current channel, so going live (本番接続) creates the
menus on the real channel, and switching back to the sandbox for training finds the
sandbox's own again.
"""

import hashlib

from django.conf import settings

from .client import is_sandbox


SANDBOX = "sandbox"


def current_channel() -> str:
    """``sandbox``, or ``line:`` and a hash of the channel secret (never the secret).

    The secret identifies the channel and does not change when access tokens are
    reissued; without one (misconfigured), the token's hash is used.
    """
    if is_sandbox():
        return SANDBOX
    identity = settings.LINE_CHANNEL_SECRET or settings.LINE_CHANNEL_ACCESS_TOKEN
    return "line:" + hashlib.sha256(identity.encode()).hexdigest()[:16]
