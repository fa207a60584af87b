"""Report categories most LINE city accounts start with, routed to 環境整備 (city-editable)."""

from django.db import migrations


CATEGORIES = [
    ("道路の損傷", "穴・ひび割れ・段差・側溝のふたなど", "road", 7),
    ("街灯・防犯灯の故障", "つかない・点滅している・傾いている", "streetlight", 14),
    ("公園の遊具・設備", "壊れた遊具・ベンチ・トイレなど", "park", 14),
    ("不法投棄", "道路や空き地に捨てられたごみ", "dumping", 7),
    ("動物の死がい・鳥獣", "道路上の動物の死がい、イノシシの出没など", "animal", 2),
]
TEMPLATES = [
    ("確認します", "in_progress", "ご連絡ありがとうございます。担当者が現地を確認し、対応します。"),
    ("対応しました", "closed", "現地で対応しました。ご協力ありがとうございました。"),
    (
        "市の管理ではありません",
        "refused",
        "この場所は市の管理ではないため、管理者（国・県・所有者）にお伝えしました。",
    ),
]


def create(apps, schema_editor):
    Department = apps.get_model("inbox", "Department")
    ReportCategory = apps.get_model("reports", "ReportCategory")
    ResponseTemplate = apps.get_model("reports", "ResponseTemplate")
    department = Department.objects.filter(name="環境整備").first()
    if department is None:
        return
    for order, (name, hint, code, days) in enumerate(CATEGORIES):
        ReportCategory.objects.get_or_create(
            service_code=code,
            defaults={
                "name": name,
                "resident_hint": hint,
                "department": department,
                "target_days": days,
                "sort_order": order,
            },
        )
    for order, (title, state, text) in enumerate(TEMPLATES):
        ResponseTemplate.objects.get_or_create(
            title=title, defaults={"state": state, "text": text, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_reports_categories_photos_notifications"),
        ("inbox", "0002_default_departments"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
