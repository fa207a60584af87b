"""``manage.py demo_admin``: the demo administrator for ``make run``, and how to log in.

A new random password is set on every run and printed, so nobody has to remember or
reset one, and no fixed password ever ships in the repository.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


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

        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        lines = [
            "",
            "=" * 64,
            f"  サイト      : {base_url}/",
            f"  管理画面    : {base_url}/admin/",
            f"  ユーザー名  : {DEMO_USERNAME}",
            f"  パスワード  : {password}",
            "  （パスワードは make run のたびに新しくなります）",
            "=" * 64,
            "",
        ]
        self.stdout.write("\n".join(lines))
