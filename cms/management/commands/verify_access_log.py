"""``manage.py verify_access_log``: is every day's access-log chain intact?

Exits 1 and names the first bad record of each damaged day when a record was edited,
deleted or inserted; exits 0 when every chain checks out.
"""

import datetime
import sys

from django.core.management.base import BaseCommand

from cms import access_log


class Command(BaseCommand):
    help = "アクセスログのハッシュチェーンを検証します（改ざん・削除・挿入の検出）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--day",
            action="append",
            type=datetime.date.fromisoformat,
            help="この日（YYYY-MM-DD）だけを検証する。複数指定できます。",
        )
        parser.add_argument(
            "--seal-first",
            action="store_true",
            help="検証の前に、まだ封印されていない記録を封印する。",
        )

    def handle(self, *args, day=None, seal_first=False, **options):
        if seal_first:
            access_log.seal()
        problems = access_log.verify(day)
        unsealed = access_log.unsealed_count()
        if unsealed:
            self.stdout.write(
                f"未封印の記録が {unsealed} 件あります（封印ジョブは毎分実行されます）。"
            )
        if problems:
            for problem in problems:
                self.stderr.write(f"NG {problem}")
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("OK: アクセスログのチェーンは正常です。"))
