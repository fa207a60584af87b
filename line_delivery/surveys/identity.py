"""Who the resident on a survey page is: the LIFF login's contract.

``line_delivery.liff`` (branch ``liff``) provides ``friend_from_request`` and
``liff_login_required``; until it is merged, ``liff_shim`` (clearly temporary) does.
"""

try:
    from line_delivery.liff import friend_from_request, liff_login_required
except ImportError:  # pragma: no cover - LIFF login not merged yet
    from .liff_shim import friend_from_request, liff_login_required


__all__ = ["friend_from_request", "liff_login_required"]
