"""The request being served, for code that runs inside it without being handed it.

``cms.audit.record`` is called from signal handlers and tasks (eager in-process) that
know the user but not the request; it still notes the client's IP address this way.
Set by ``cms.access_log.AccessLogMiddleware``.
"""

from contextvars import ContextVar

from django.http import HttpRequest

from axes.helpers import get_client_ip_address


_current_request: ContextVar[HttpRequest | None] = ContextVar(
    "otake_current_request", default=None
)


def current_request() -> HttpRequest | None:
    return _current_request.get()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, resolved as django-axes resolves it (same proxy settings)."""
    address = get_client_ip_address(request)
    return address or None
