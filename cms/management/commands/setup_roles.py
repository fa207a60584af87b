"""``manage.py setup_roles``: create or complete the staff groups and approval workflow."""

from django.core.management.base import BaseCommand

from cms.roles import ensure_roles


class Command(BaseCommand):
    help = "職員のグループ（管理者・承認者・編集者・閲覧者・監査担当）と承認ワークフローを設定します。"

    def handle(self, *args, **options):
        for name in ensure_roles():
            self.stdout.write(f"グループ: {name}")
