"""``manage.py go_live``: 本番接続 from the command line (the admin has the same step).

Without ``--yes`` it only shows what it found and what it would do. Run it after
putting the real channel's settings in the environment; run it again with the
sandbox configured to go back to the sandbox for training.
"""

from django.core.management.base import BaseCommand, CommandError

from line_delivery.go_live.steps import go_live, make_plan


class Command(BaseCommand):
    help = "Connect to the real LINE channel (or back to the sandbox): check, show, do."

    def add_arguments(self, parser):
        parser.add_argument(
            "--webhook-url", help="default: WAGTAILADMIN_BASE_URL + /line/webhook/"
        )
        parser.add_argument(
            "--remove-sandbox-friends",
            action="store_true",
            help="delete the sandbox's made-up friends (they never receive deliveries)",
        )
        parser.add_argument(
            "--yes", action="store_true", help="do it (otherwise: show only)"
        )

    def handle(self, *args, **options):
        plan = make_plan(options["webhook_url"])
        self.stdout.write(
            "チャネル: " + ("サンドボックス" if plan.sandbox else plan.channel)
        )
        if plan.bot_name:
            self.stdout.write(f"アカウント名: {plan.bot_name} {plan.bot_basic_id}")
            self.stdout.write(f"プロフィール画像: {plan.bot_picture_url or '-'}")
        if plan.current_webhook:
            self.stdout.write(f"現在のWebhook URL: {plan.current_webhook}")
        self.stdout.write(
            f"友だち: 本物 {plan.real_friends} 人 / サンドボックス {plan.sandbox_friends} 人"
        )
        self.stdout.write("確認:")
        for check in plan.checks:
            self.stdout.write(
                f"  [{'OK' if check.ok else 'NG'}] {check.name}: {check.detail}"
            )
        self.stdout.write("実行すること:")
        for action in plan.actions(
            remove_sandbox_friends=options["remove_sandbox_friends"]
        ):
            self.stdout.write(f"  - {action}")
        if not options["yes"]:
            self.stdout.write("（確認のみ。実行するには --yes を付けてください）")
            return
        result = go_live(plan, remove_sandbox_friends=options["remove_sandbox_friends"])
        for line in result.lines:
            self.stdout.write(f"  {line}")
        if not result.ok:
            raise CommandError("本番接続できませんでした。")
        self.stdout.write(
            self.style.SUCCESS(
                "本番接続しました。"
                if not plan.sandbox
                else "サンドボックスに接続しました。"
            )
        )
