"""Planned night maintenance: every page says so, LINE and monitoring still get answers.

Switched by ``manage.py maintenance on|off`` (a flag file, ``MAINTENANCE_FLAG_FILE``,
which all web processes sharing it see at once) or by ``MAINTENANCE_MODE=on`` in the
environment. Visitors and staff (the admin too) get a Japanese notice with
``503 Service Unavailable`` and ``Retry-After``, so search engines and browsers come
back later. The LINE webhook keeps answering (LINE stops retrying and may disable a
webhook that fails), and so does ``/healthz``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


ALWAYS_ANSWERED = ("/line/webhook/", "/healthz")


def is_on() -> bool:
    return settings.MAINTENANCE_MODE or Path(settings.MAINTENANCE_FLAG_FILE).exists()


def switch(on: bool, message: str = "") -> None:
    flag = Path(settings.MAINTENANCE_FLAG_FILE)
    if on:
        flag.parent.mkdir(parents=True, exist_ok=True)
        flag.write_text(message)
    else:
        flag.unlink(missing_ok=True)


def notice() -> str:
    """The staff-written line for the notice, if any (from ``maintenance on``)."""
    flag = Path(settings.MAINTENANCE_FLAG_FILE)
    return flag.read_text().strip() if flag.exists() else ""


class MaintenanceModeMiddleware:
    """Answers 503 with the maintenance page while maintenance is on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_on() or request.path.startswith(ALWAYS_ANSWERED):
            return self.get_response(request)
        # No request context: the database may be the thing under maintenance.
        response = HttpResponse(
            render_to_string("maintenance.html", {"message": notice()}),
            status=503,
        )
        response["Retry-After"] = str(settings.MAINTENANCE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
