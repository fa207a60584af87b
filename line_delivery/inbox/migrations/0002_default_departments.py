"""The three departments of ``cms.roles`` answer residents from the start (city-editable)."""

from django.db import migrations


DEPARTMENTS = [
    (
        "広報",
        "その他のご相談",
        0,
        [
            ("受け付けました", "ご連絡ありがとうございます。担当部署に確認して、あらためてお返事します。"),
        ],
    ),
    (
        "危機管理",
        "防災・災害のこと",
        1,
        [
            ("避難所の案内", "最寄りの開設中の避難所は、メニューの「避難所」から確認できます。"),
        ],
    ),
    (
        "環境整備",
        "ごみ・道路・環境のこと",
        2,
        [
            ("現地を確認します", "ご連絡ありがとうございます。担当者が現地を確認し、対応します。"),
            ("収集日の案内", "収集日は、メニューの「今日のごみ」か、受信設定で地区を選ぶとお知らせします。"),
        ],
    ),
]


def create(apps, schema_editor):
    Department = apps.get_model("inbox", "Department")
    CannedReply = apps.get_model("inbox", "CannedReply")
    for name, label, order, replies in DEPARTMENTS:
        department, created = Department.objects.get_or_create(
            name=name, defaults={"resident_label": label, "sort_order": order}
        )
        if created:
            for number, (title, text) in enumerate(replies):
                CannedReply.objects.create(
                    department=department, title=title, text=text, sort_order=number
                )


class Migration(migrations.Migration):
    dependencies = [("inbox", "0001_conversations_messages_departments")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
