"""``manage.py restore_backup NAME --yes-replace-all-data``: put a backup back.

Everything in the database and the media folder is replaced by the backup. Turn
maintenance mode on and stop the Celery workers first (README.md "Restore").
``--database-url`` restores into another, empty database instead: the restore drill
that proves a backup works without touching the live site.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms import audit, backup


CONFIRM_FLAG = "--yes-replace-all-data"


class Command(BaseCommand):
    help = "バックアップからデータベースとメディアを復元します（現在のデータはすべて置き換わります）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="バックアップ名（make_backup --list で確認）")
        parser.add_argument(
            CONFIRM_FLAG,
            dest="confirmed",
            action="store_true",
            help="現在のデータをすべて置き換えることを確認します。",
        )
        parser.add_argument(
            "--database-url",
            default="",
            help="復元先を別のデータベースにします（復元訓練用）。",
        )
        parser.add_argument(
            "--media-root",
            default="",
            help="メディアの復元先を別のフォルダにします（復元訓練用）。",
        )

    def handle(
        self,
        *args,
        name: str,
        confirmed: bool,
        database_url: str,
        media_root: str,
        **options,
    ) -> None:
        if not confirmed:
            raise CommandError(
                f"復元すると現在のデータベースとメディアがすべて置き換わります。"
                f"よろしければ {CONFIRM_FLAG} を付けて実行してください。"
            )
        target = backup.Database.from_url(database_url) if database_url else None
        try:
            restored = backup.restore_backup(
                name,
                database=target,
                media_root=Path(media_root) if media_root else None,
            )
        except backup.BackupError as error:
            raise CommandError(f"復元に失敗しました: {error}") from error
        drill = bool(database_url or media_root)
        audit.record(None, "backup.restore", restored.name, drill=drill)
        self.stdout.write(f"バックアップ {restored.name} を復元しました。")
