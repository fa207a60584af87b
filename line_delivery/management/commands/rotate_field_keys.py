"""``manage.py rotate_field_keys``: re-encrypt personal data under the newest key.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old one after it),
deploy, run this command, then remove the old key. Reading decrypts with any listed
key; writing always encrypts with the first.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from line_delivery.models import Friend


class Command(BaseCommand):
    help = "個人データ（LINEユーザーID）を最新の暗号鍵で暗号化し直します。"

    def handle(self, *args, **options) -> None:
        rotated = 0
        with transaction.atomic():
            for friend in Friend.objects.only("pk", "line_user_id").iterator(
                chunk_size=2000
            ):
                Friend.objects.filter(pk=friend.pk).update(
                    line_user_id=friend.line_user_id
                )
                rotated += 1
        self.stdout.write(f"{rotated}件を最新の鍵で暗号化し直しました。")
