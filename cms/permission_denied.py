"""One answer to "not allowed": a Japanese 403 page inside the admin, and an audit entry.

Wagtail answers a refused admin action with a redirect to the dashboard and a flash
message (``wagtail.admin.auth.permission_denied``); our own admin URLs outside
Wagtail's (``/admin/2fa/``) got Django's bare "403 Forbidden", and views decorated
with Django's ``user_passes_test`` redirected to ``/accounts/login/``, which does not
exist. Both now end here: staff see which role they hold and that the attempt was
recorded; auditors find it as 「権限のない操作の試み」.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from . import audit


def _is_admin_path(request: HttpRequest) -> bool:
    return request.path.startswith("/admin/")


def record_refusal(request: HttpRequest) -> None:
    """Note a refused attempt of a signed-in staff member (audit ``access.denied``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    audit.record(
        request,
        "access.denied",
        audit.Target("url", "", request.path[:255]),
        method=request.method,
        path=request.path,
    )


def admin_permission_denied(request: HttpRequest) -> HttpResponse:
    """The admin's 403 page, in the admin's layout (menu and header stay)."""
    record_refusal(request)
    response = TemplateResponse(
        request,
        "cms/permission_denied.html",
        {"roles": list(request.user.groups.values_list("name", flat=True))},
        status=403,
    )
    return response.render()


def permission_denied_view(request: HttpRequest, exception=None) -> HttpResponse:
    """``handler403``: admin URLs get the admin page, everything else the site's."""
    user = getattr(request, "user", None)
    if _is_admin_path(request) and user is not None and user.is_authenticated:
        return admin_permission_denied(request)
    return TemplateResponse(request, "403.html", status=403).render()


def _wagtail_permission_denied(request: HttpRequest) -> HttpResponse:
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        record_refusal(request)
        raise PermissionDenied
    return admin_permission_denied(request)


def install() -> None:
    """Make Wagtail's admin answer refusals with our page (called from ``CmsConfig.ready``).

    ``require_admin_access`` and Wagtail's ``user_passes_test`` look the function up
    in ``wagtail.admin.auth`` at call time; Wagtail offers no setting for it
    (https://github.com/wagtail/wagtail/blob/main/wagtail/admin/auth.py).
    """
    import wagtail.admin.auth

    wagtail.admin.auth.permission_denied = _wagtail_permission_denied
