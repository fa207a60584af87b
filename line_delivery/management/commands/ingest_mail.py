"""``manage.py ingest_mail [FILE]``: one 防災情報メール (RFC 822) from a file or stdin.

For a pipe from the city's mail server, e.g. in /etc/aliases:
``bousai-inbox: "|/srv/otake/manage.py ingest_mail"``.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from line_delivery.mail_bridge.ingest import ingest
from line_delivery.models import IncomingMail


class Command(BaseCommand):
    help = "防災情報メールを1通（ファイルまたは標準入力から）取り込みます。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", nargs="?", help="メールのファイル（省略時は標準入力）"
        )

    def handle(self, *args, **options) -> None:
        if options["file"]:
            try:
                with open(options["file"], "rb") as source:
                    raw = source.read()
            except OSError as error:
                raise CommandError(f"ファイルを読めません: {error}") from error
        else:
            raw = sys.stdin.buffer.read()
        if not raw.strip():
            raise CommandError("メールが空です。")
        mail = ingest(raw, IncomingMail.Channel.PIPE)
        self.stdout.write(f"{mail.get_outcome_display()}: {mail.subject}")
        if mail.outcome_detail:
            self.stdout.write(mail.outcome_detail)
        if mail.outcome == IncomingMail.Outcome.FAILED:
            raise CommandError(mail.outcome_detail)
