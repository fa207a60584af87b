"""TEMPORARY SHIM — stands in for the LIFF login of branch ``liff`` until it is merged.

It implements the same contract (``friend_from_request(request) -> Friend | None`` and
``liff_login_required``) and the same sandbox convention (``?sandbox_friend=<pk>``,
session key ``liff_friend_id``) so the survey pages and their tests do not change when
``line_delivery.liff`` lands; ``identity`` imports that module first. Unlike the real
login it trusts the sandbox parameter directly (sandbox channel only), so it must never
be the code path on a real channel: outside the sandbox nobody is logged in.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from .. import client
from ..models import Friend


SESSION_KEY = "liff_friend_id"
SANDBOX_PARAMETER = "sandbox_friend"


def friend_from_request(request: HttpRequest) -> Friend | None:
    if client.is_sandbox():
        wanted = request.GET.get(SANDBOX_PARAMETER, "")
        if wanted.isdigit():
            friend = Friend.objects.filter(pk=int(wanted), is_sandbox=True).first()
            if friend is not None:
                request.session[SESSION_KEY] = friend.pk
    friend_id = request.session.get(SESSION_KEY)
    return (
        Friend.objects.following().filter(pk=friend_id).first() if friend_id else None
    )


def liff_login_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        friend = friend_from_request(request)
        if friend is None:
            return TemplateResponse(
                request, "line_delivery/surveys/login_needed.html", status=401
            )
        request.friend = friend
        return view(request, *args, **kwargs)

    return never_cache(wrapper)
