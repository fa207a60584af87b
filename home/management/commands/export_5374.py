"""``manage.py export_5374 OUT.zip``: export the garbage guide as 5374 CSVs."""

from pathlib import Path

from django.core.management.base import BaseCommand

from home.open5374 import export_zip


class Command(BaseCommand):
    help = "収集日と品目を5374形式のCSV（zip）に書き出します。"

    def add_arguments(self, parser):
        parser.add_argument("output", help="the .zip file to write")

    def handle(self, *args, output: str, **options):
        data, warnings = export_zip()
        Path(output).write_bytes(data)
        for warning in warnings:
            self.stderr.write(warning)
        self.stdout.write(f"{output} に書き出しました。")
