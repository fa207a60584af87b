"""``manage.py open311_key <name>``: a new API key for a system that POSTs reports.

The key is printed once; only its keyed hash is stored (``Open311Client``).
"""

import secrets

from django.core.management.base import BaseCommand, CommandParser

from line_delivery.crypto import lookup_hash
from line_delivery.reports.models import Open311Client


class Command(BaseCommand):
    help = "Open311の接続先を作り、APIキーを1回だけ表示します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="接続先の名前（例: 市のGIS）")

    def handle(self, *args, name: str, **options) -> None:
        key = secrets.token_urlsafe(32)
        client, _created = Open311Client.objects.update_or_create(
            name=name, defaults={"key_hash": lookup_hash(key), "active": True}
        )
        self.stdout.write(f"{client.name} のAPIキー（再表示できません）:")
        self.stdout.write(key)
