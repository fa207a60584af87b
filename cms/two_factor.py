"""Two-factor sign-in for staff (django-otp TOTP + one-time backup codes).

Wagtail 8 has no working 2FA add-on (wagtail-2fa fails to import; see
shared/notes/wagtail-facts.md §B.5), so the pieces are ours: the login form asks for
the code, the middleware keeps every admin URL behind a verified second factor, and
staff without a device are sent to enrol (QR code, then backup codes) before anything
else.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wagtail.admin.forms.auth import LoginForm

from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
import segno

from . import audit


BACKUP_CODE_COUNT = 10
ISSUER = "Otake LINE Hub"


def verify_second_factor(user, token: str):
    """The device (authenticator app, else a backup code) that accepts ``token``.

    Each device is asked by itself, so django-otp's throttling after failures applies.
    """
    token = token.strip().replace(" ", "")
    if not token:
        return None
    devices = [*TOTPDevice.objects.devices_for_user(user, confirmed=True)]
    devices += [*StaticDevice.objects.devices_for_user(user, confirmed=True)]
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


class OTPLoginForm(LoginForm):
    """Password, then the 6-digit code from the authenticator app (or a backup code)."""

    otp_token = forms.CharField(
        label=_("確認コード（2段階認証）"),
        required=False,
        max_length=16,
        help_text=_(
            "認証アプリの6桁の数字、またはバックアップコード。初めての方は空欄のまま。"
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Wagtail's field has no label, so Django shows its English name 「Password」.
        self.fields["password"].label = _("パスワード")

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not user_has_device(user):
            return cleaned  # no device yet: enrolment is enforced right after sign-in
        device = verify_second_factor(user, cleaned.get("otp_token", ""))
        if device is None:
            # A wrong code is a failed sign-in: django-axes counts it towards the
            # lock-out and the audit log records it (cms/signal_handlers.py).
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
                reason="second_factor",
            )
            raise forms.ValidationError(
                _(
                    "確認コードが正しくありません。認証アプリに表示されている最新の6桁を入力してください。"
                ),
                code="invalid_otp",
            )
        # django-otp's user_logged_in receiver marks the session as verified.
        user.otp_device = device
        return cleaned


class RequireSecondFactorMiddleware:
    """Every admin URL needs a password *and* a verified second factor.

    Sign-in pages, the enrolment pages and the admin's static helpers stay reachable,
    otherwise nobody could sign in or enrol.
    """

    EXEMPT_PREFIXES = (
        "/admin/login/",
        "/admin/logout/",
        "/admin/password_reset/",
        "/admin/jsi18n/",
        "/admin/sprite",
        "/admin/2fa/setup/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/admin/") and not request.path.startswith(
            self.EXEMPT_PREFIXES
        ):
            user = request.user
            if user.is_authenticated and not user.is_verified():
                if user_has_device(user):
                    from django.contrib.auth import logout

                    logout(request)
                    return redirect(
                        f"{resolve_url('wagtailadmin_login')}?next={request.path}"
                    )
                return redirect("two_factor_setup")
        return self.get_response(request)


def _new_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in codes]
    )
    return codes


def qr_svg(config_url: str) -> str:
    return segno.make(config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff"
    )


@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, confirm with one code."""
    user = request.user
    if (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        and request.user.is_verified()
    ):
        return redirect("wagtailadmin_home")
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False
    ).first() or TOTPDevice.objects.create(
        user=user, name="認証アプリ", confirmed=False
    )
    error = ""
    if request.method == "POST":
        if device.verify_token(request.POST.get("otp_token", "").strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = _new_backup_codes(user)
            audit.record(request, "two_factor.enrol", user)
            return TemplateResponse(
                request, "two_factor/backup_codes.html", {"codes": codes}
            )
        error = _(
            "確認コードが正しくありません。アプリに表示されている最新の6桁を入力してください。"
        )
    return TemplateResponse(
        request,
        "two_factor/setup.html",
        {
            "qr_svg": qr_svg(device.config_url),
            "secret": _base32_secret(device),
            "error": error,
        },
    )


def _base32_secret(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _may_manage_users(user) -> bool:
    return user.is_superuser or user.has_perm("auth.change_user")


def users(request: HttpRequest) -> HttpResponse:
    """Who has 2FA, and a reset for a lost phone (管理者 only)."""
    if not _may_manage_users(request.user):
        raise PermissionDenied
    staff = get_user_model().objects.filter(is_active=True).order_by("username")
    enrolled = set(
        TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True)
    )
    return TemplateResponse(
        request,
        "two_factor/users.html",
        {"staff": [(member, member.pk in enrolled) for member in staff]},
    )


@require_http_methods(["POST"])
def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """Remove a user's devices: at their next sign-in they enrol a new phone."""
    if not _may_manage_users(request.user):
        raise PermissionDenied
    member = get_object_or_404(get_user_model(), pk=user_id)
    TOTPDevice.objects.filter(user=member).delete()
    StaticDevice.objects.filter(user=member).delete()
    audit.record(request, "two_factor.reset", member)
    from django.contrib import messages

    messages.success(
        request,
        _("%(user)s の2段階認証をリセットしました。次回のログインで再登録します。")
        % {"user": member},
    )
    return redirect(reverse("two_factor_users"))


urlpatterns = [
    path("setup/", setup, name="two_factor_setup"),
    path("users/", users, name="two_factor_users"),
    path("users/<int:user_id>/reset/", reset, name="two_factor_reset"),
]
