"""``manage.py seed_mail_rules``: demo rules for the 防災情報メール bridge (idempotent).

Trusts the sender of the sample mails (shared data ``otake-bousai-mail``) and
publishes its mails at once, so ``make run`` shows mail → notice → LINE with
``manage.py ingest_mail < 05-lv3-elderly-evacuation-two-districts.eml``. Sets a
demo 当番職員 address, so drafts, proposals and what a mail could not be read are
announced (``make run`` prints those e-mails on the console).
"""

from django.core.management.base import BaseCommand

from home.models import Topic
from line_delivery.mail_bridge import defaults
from line_delivery.models import MailBridgeSettings, TrustedSender


class Command(BaseCommand):
    help = "防災メールのデモ用の規則（信頼する送信者）を作成します。"

    def handle(self, *args, **options) -> None:
        config = MailBridgeSettings.load()  # the default word lists
        if not config.duty_staff():
            config.duty_staff_emails = defaults.DEMO_DUTY_STAFF
            config.save()
            self.stdout.write(f"  当番職員: {defaults.DEMO_DUTY_STAFF}")
        sender, created = TrustedSender.objects.get_or_create(
            address=defaults.SAMPLE_SENDER,
            defaults={
                "name": "大竹市防災情報メール（デモ）",
                "action": TrustedSender.Action.PUBLISH,
            },
        )
        if created:
            sender.topics.set(Topic.objects.filter(slug="bousai"))
            self.stdout.write("  信頼する送信者: 1件作成")
