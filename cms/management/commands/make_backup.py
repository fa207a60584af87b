"""``manage.py make_backup``: write, check and keep an encrypted backup now."""

from django.core.management.base import BaseCommand, CommandError

from cms import audit, backup


class Command(BaseCommand):
    help = "データベースとメディアの暗号化バックアップを作成し、読み戻して確認します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--list",
            action="store_true",
            help="確認済みのバックアップを一覧表示します。",
        )

    def handle(self, *args, list: bool = False, **options) -> None:
        if list:
            for item in backup.list_backups():
                manifest = item.manifest
                self.stdout.write(
                    f"{item.name}  DB {manifest['database']['size']:,} bytes  "
                    f"media {manifest['media']['files']} files  checked "
                    f"{manifest['check']['checked_at']}"
                )
            return
        try:
            made = backup.make_backup()
        except backup.BackupError as error:
            raise CommandError(f"バックアップに失敗しました: {error}") from error
        audit.record(None, "backup.make", made.name)
        check = made.manifest["check"]
        self.stdout.write(
            f"バックアップ {made.name} を作成し、確認しました"
            f"（テーブル {check['database_tables']}、ファイル {check['media_files']}）: "
            f"{made.path}"
        )
