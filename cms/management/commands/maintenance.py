"""``manage.py maintenance on|off|status``: planned night maintenance."""

from django.core.management.base import BaseCommand

from cms import audit, maintenance


class Command(BaseCommand):
    help = "メンテナンスモードを切り替えます（on: 全ページにメンテナンス中の表示、off: 解除）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("state", choices=["on", "off", "status"])
        parser.add_argument(
            "--message",
            default="",
            help="メンテナンス画面に添える一文（例: 終了予定 6時00分）",
        )

    def handle(self, *args, state: str, message: str, **options) -> None:
        if state != "status":
            maintenance.switch(state == "on", message)
            audit.record(None, f"maintenance.{state}", message=message)
        label = "メンテナンス中" if maintenance.is_on() else "通常運用中"
        self.stdout.write(f"現在の状態: {label}")
