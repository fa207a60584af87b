"""``manage.py import_5374 PATH…``: import 5374 CSVs (a folder, a zip or CSV files)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.open5374 import Import5374Error, apply_import, preview, read_upload


class Command(BaseCommand):
    help = "5374形式のCSV（フォルダ、zip、またはCSVファイル）から収集日と品目を取り込みます。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="folder, .zip or .csv files")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and show, change nothing"
        )
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="import the good rows and list the rows with problems",
        )

    def handle(
        self,
        *args,
        paths: list[str],
        dry_run: bool,
        skip_bad_rows: bool,
        **options,
    ):
        files: dict[str, bytes] = {}
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files.update(
                    {p.name: p.read_bytes() for p in sorted(path.glob("*.csv"))}
                )
                files.update(
                    {
                        f"img/{p.name}": p.read_bytes()
                        for p in sorted(path.glob("img/*.svg"))
                    }
                )
            elif path.is_file():
                try:
                    files.update(read_upload(path.name, path.read_bytes()))
                except Import5374Error as error:
                    raise CommandError("\n".join(error.problems)) from None
            else:
                raise CommandError(f"{name} が見つかりません。")
        try:
            action = preview if dry_run else apply_import
            result = action(files, skip_bad_rows=skip_bad_rows)
        except Import5374Error as error:
            hint = (
                "\n（--skip-bad-rows でほかの行を取り込めます）"
                if error.skippable
                else ""
            )
            raise CommandError("\n".join(error.problems) + hint) from None
        for warning in result.warnings:
            self.stderr.write(warning)
        for line in result.skipped:
            self.stderr.write("飛ばした行: " + line)
        self.stdout.write(
            ("確認のみ（変更していません）: " if dry_run else "取り込みました: ")
            + f"収集地区 新規{len(result.new_areas)}・更新{len(result.updated_areas)}、"
            f"分別区分 新規{len(result.new_categories)}、"
            f"品目 新規{result.new_items}・更新{result.updated_items}、"
            f"休止期間 {len(result.centers)}"
        )
        if result.unlinked_areas:
            self.stdout.write(
                "地区の割り当てがない収集地区（管理画面で設定してください）: "
                + "、".join(result.unlinked_areas[:20])
                + ("…" if len(result.unlinked_areas) > 20 else "")
            )
