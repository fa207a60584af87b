"""The request being served, for code that runs inside it without being handed it.

``cms.audit.record`` is called from signal handlers and tasks (eager in-process) that
know the user but not the request; it still notes the client's IP address this way.
Set by ``cms.access_log.AccessLogMiddleware``.
"""

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

from axes.helpers import get_client_ip_address


_current_request: ContextVar[HttpRequest | None] = ContextVar(
    "otake_current_request", default=None
)


def current_request() -> HttpRequest | None:
    return _current_request.get()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, resolved as django-axes resolves it (``forwarded_client_ip``)."""
    address = get_client_ip_address(request)
    return address or None


def forwarded_client_ip(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the client behind ``TRUSTED_PROXY_COUNT`` proxies.

    Each trusted proxy (nginx: ``proxy_set_header X-Forwarded-For
    $proxy_add_x_forwarded_for``) appends the address it saw, so the client is the
    N-th entry from the right; anything further left was sent by the client and is not
    trusted. With no trusted proxy, the socket's address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None
