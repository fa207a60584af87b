"""``manage.py rotate_field_keys``: re-encrypt personal data under the newest key.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old one after it),
deploy, run this command, then remove the old key. Reading decrypts with any listed
key; writing always encrypts with the first.

Every ``EncryptedTextField`` of every installed model is rotated (LINE user ids,
webhook payloads, and whatever personal data later models encrypt), so no column is
left behind under a key that is about to be dropped.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from line_delivery.crypto import EncryptedTextField


def encrypted_fields() -> list[tuple[type, list[str]]]:
    """(model, names of its encrypted columns) for every model that has any."""
    found = []
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if names:
            found.append((model, names))
    return found


class Command(BaseCommand):
    help = "個人データ（LINEユーザーIDなど暗号化した項目すべて）を最新の暗号鍵で暗号化し直します。"

    def handle(self, *args, **options) -> None:
        rotated = 0
        with transaction.atomic():
            for model, names in encrypted_fields():
                # Reading decrypts with any listed key; update() encrypts with the first.
                rows = model._default_manager.only("pk", *names)
                for row in rows.iterator(chunk_size=2000):
                    values = {name: getattr(row, name) for name in names}
                    model._default_manager.filter(pk=row.pk).update(**values)
                    rotated += 1
        self.stdout.write(f"{rotated}件を最新の鍵で暗号化し直しました。")
