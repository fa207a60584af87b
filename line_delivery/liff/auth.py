"""LIFF login: who is the resident on a LIFF page (``/liff/…``)?

The page loads the LIFF SDK, which gives it the resident's ID token; the page posts
the token to ``/liff/api/login/`` and we ask LINE Login's verify endpoint
(``client.verify_id_token``) whether it is genuine, unexpired and issued for *our*
LINE Login channel. Only then is the session bound to that LINE user's ``Friend``
(by primary key; nothing from the token is stored, the user id stays encrypted in
``Friend``). Everything a LIFF page reads or writes goes through
``friend_from_request``, so one friend can never reach another's data.

**Sandbox stand-in for the LIFF SDK.** When the sandbox channel is active
(``client.is_sandbox()``: no access token, or ``LINE_SANDBOX``), LIFF pages load
``static/liff/liff-sandbox.js`` instead of LINE's SDK. A normal browser then acts as
a chosen *sandbox* friend (``Friend.is_sandbox``):

* open any LIFF page with ``?sandbox_friend=<Friend primary key>``, e.g.
  ``/liff/settings/?sandbox_friend=42``. The stand-in asks
  ``/liff/sandbox/id-token/`` for an ID token of that friend (issued by the sandbox
  LINE emulator), and the page logs in with it through the same verify path as
  production. A browser test does exactly this (``tests/line_delivery/liff``);
* without the parameter, the login page lists sandbox friends to pick from.

A ``sandbox_friend`` that differs from the session's friend logs in again as the
new one. Outside the sandbox channel the parameter, the token endpoint and the
stand-in script do not exist (404; the SDK is LINE's own).
"""

from collections.abc import Callable
from functools import wraps
import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from axes.helpers import get_client_ip_address

from .. import client, ratelimit
from ..models import Friend


logger = logging.getLogger(__name__)

SESSION_KEY = "liff_friend_id"
SANDBOX_PARAMETER = "sandbox_friend"

View = Callable[..., HttpResponse]


def _sandbox_choice(request: HttpRequest) -> int | None:
    """The sandbox friend a browser asked to be (sandbox channel only)."""
    if not client.is_sandbox():
        return None
    value = request.GET.get(SANDBOX_PARAMETER, "")
    return int(value) if value.isdigit() else None


def friend_from_request(request: HttpRequest) -> Friend | None:
    """The friend this LIFF session was verified as, or None (not logged in).

    Never takes an id from the request itself: only the session, which only
    ``login`` binds after LINE verified the ID token.
    """
    cached = getattr(request, "_liff_friend", False)
    if cached is not False:
        return cached
    friend_id = (
        request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    )
    friend = Friend.objects.filter(pk=friend_id).first() if friend_id else None
    wanted = _sandbox_choice(request)
    if friend is not None and wanted is not None and wanted != friend.pk:
        friend = None  # the browser asked to be another sandbox friend: log in again
    request._liff_friend = friend
    return friend


def _wants_json(request: HttpRequest) -> bool:
    return (
        request.method not in ("GET", "HEAD")
        or request.path.startswith("/liff/api/")
        or "application/json" in request.headers.get("Accept", "")
    )


def unauthorized(message: str = "LINEでログインしてください。") -> JsonResponse:
    return JsonResponse({"error": "unauthorized", "message": message}, status=401)


def liff_login_required(view: View) -> View:
    """Only for a verified LIFF friend; ``request.friend`` is set for the view.

    Not logged in: page requests get the LIFF login page (which logs in and reloads
    the same URL); JSON endpoints (non-GET, ``/liff/api/…`` or ``Accept:
    application/json``) get 401 with a JSON body.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        friend = friend_from_request(request)
        if friend is None:
            if _wants_json(request):
                return unauthorized()
            return login_page(request)
        request.friend = friend
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def login_page(request: HttpRequest) -> HttpResponse:
    """The page that runs the LIFF login and then reloads the URL it was asked for."""
    context: dict[str, Any] = {"sandbox_friends": [], "liff_needs_login": True}
    if client.is_sandbox() and _sandbox_choice(request) is None:
        context["sandbox_friends"] = Friend.objects.following().filter(is_sandbox=True)[
            :30
        ]
    response = TemplateResponse(request, "line_delivery/liff/login.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _client_ip(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "unknown"


@require_POST
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    """``POST /liff/api/login/`` with ``id_token``: verify it with LINE, bind the session.

    401 and no session for a token LINE does not accept (forged, expired, or for
    another channel); 403 for a LINE user who is not a friend of the account; 429
    when one address tries too often; 503 when LINE cannot be reached.
    """
    capacity, per_seconds = settings.LIFF_RATE_LIMITS["login"]
    if not ratelimit.allow("liff-login", _client_ip(request), capacity, per_seconds):
        return JsonResponse(
            {
                "error": "rate_limited",
                "message": "しばらく時間をおいてからお試しください。",
            },
            status=429,
        )
    id_token = _posted(request, "id_token")
    verdict = client.verify_id_token(id_token[:4096])
    if verdict.unavailable:
        return JsonResponse(
            {
                "error": "unavailable",
                "message": "LINEに接続できませんでした。しばらくしてからお試しください。",
            },
            status=503,
        )
    if not verdict.valid:
        logger.info("LIFF login refused: %s", verdict.message)
        request.session.pop(SESSION_KEY, None)
        return unauthorized(
            "ログインを確認できませんでした。LINEから開き直してください。"
        )
    friend = Friend.objects.by_line_user_id(verdict.user_id).first()
    if friend is None:
        return JsonResponse(
            {
                "error": "not_friend",
                "message": "公式アカウントを友だち追加してからお使いください。",
            },
            status=403,
        )
    request.session.cycle_key()  # no session fixation: a new key for a new identity
    request.session[SESSION_KEY] = friend.pk
    return JsonResponse({"ok": True})


def _posted(request: HttpRequest, name: str) -> str:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return ""
        return str(data.get(name, "")) if isinstance(data, dict) else ""
    return request.POST.get(name, "")


@require_POST
@never_cache
def sandbox_id_token(request: HttpRequest) -> HttpResponse:
    """The LIFF stand-in's ``getIDToken()``: a token for one sandbox friend.

    Exists only while the sandbox channel is active, and only for sandbox friends.
    """
    from django.http import Http404

    if not client.is_sandbox():
        raise Http404
    value = _posted(request, "friend")
    friend = (
        Friend.objects.filter(pk=int(value), is_sandbox=True).first()
        if value.isdigit()
        else None
    )
    if friend is None:
        raise Http404
    return JsonResponse(
        {"id_token": client.issue_sandbox_id_token(friend.line_user_id)}
    )
