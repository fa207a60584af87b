"""``manage.py demo_admin``: the demo administrator for ``make run``, and how to log in.

A new random password is set on every run and printed, so nobody has to remember or
reset one, and no fixed password ever ships in the repository. Two-factor sign-in stays
on in the demo: the authenticator key is printed as an ``otpauth://`` URI (it stays the
same between runs, so a phone that scanned it keeps working), with a fresh one-time
backup code for a newcomer without an authenticator app.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


DEMO_USERNAME = "admin"


class Command(BaseCommand):
    help = "デモ用の管理者を用意し、管理画面のURLとログイン情報を表示します。"

    def handle(self, *args, **options) -> None:
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"email": "admin@example.jp", "first_name": "管理者"},
        )
        password = secrets.token_urlsafe(12)
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="デモ用の認証アプリ", defaults={"confirmed": True}
        )
        backup, _ = StaticDevice.objects.get_or_create(
            user=user, name="backup", defaults={"confirmed": True}
        )
        backup.token_set.all().delete()  # only the code printed now works
        backup_code = StaticToken.random_token()
        StaticToken.objects.create(device=backup, token=backup_code)

        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        lines = [
            "",
            "=" * 64,
            f"  サイト      : {base_url}/",
            f"  管理画面    : {base_url}/admin/",
            f"  ユーザー名  : {DEMO_USERNAME}",
            f"  パスワード  : {password}",
            f"  確認コード  : {backup_code}  （1回だけ使えるバックアップコード）",
            "  （パスワードとバックアップコードは make run のたびに新しくなります）",
            "  認証アプリに登録するときは、次のURIをQRコードにするか手で入力:",
            f"  {device.config_url}",
            "=" * 64,
            "",
        ]
        self.stdout.write("\n".join(lines))
