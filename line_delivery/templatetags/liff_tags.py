"""Template tags of the LIFF pages: the SDK (or its sandbox stand-in) and the menu."""

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse

from ..client import is_sandbox


register = template.Library()


@register.inclusion_tag("line_delivery/liff/scripts.html", takes_context=True)
def liff_scripts(context: template.Context) -> dict:
    """LINE's LIFF SDK, or in the sandbox channel the stand-in (``liff/auth.py``)."""
    request = context.get("request")
    return {
        "sandbox": is_sandbox(),
        "sdk_url": settings.LINE_LIFF_SDK_URL,
        "liff_id": settings.LINE_LIFF_ID,
        "needs_login": bool(context.get("liff_needs_login")),
        "csrf_token": get_token(request) if request is not None else "",
        "login_url": reverse("liff:login"),
        "sandbox_token_url": reverse("liff:sandbox_id_token"),
        "root_url": reverse("liff:index"),
    }


@register.inclusion_tag("line_delivery/liff/nav.html", takes_context=True)
def liff_nav(context: template.Context) -> dict:
    request = context.get("request")
    return {
        "current": request.resolver_match.url_name
        if request is not None and request.resolver_match
        else "",
    }
