"""The city's approval step shows 配信前の確認 when it delivers a page (issue 16).

Every existing GroupApprovalTask becomes a LineGuardedApprovalTask under the same id,
so workflows, their groups and the task states of pages in moderation stay as they were.
"""

import django.db.models.deletion
from django.db import migrations, models


def guard_existing_approval_tasks(apps, schema_editor):
    from line_delivery.delivery_reports.approval import promote_group_approval_tasks

    group_approval_task = apps.get_model("wagtailcore", "GroupApprovalTask")
    guarded = apps.get_model("line_delivery", "LineGuardedApprovalTask")
    task_ids = list(
        group_approval_task.objects.exclude(
            pk__in=guarded.objects.values("pk")
        ).values_list("pk", flat=True)
    )
    if task_ids:
        promote_group_approval_tasks(
            schema_editor.connection,
            guarded,
            apps.get_model("wagtailcore", "Task"),
            apps.get_model("contenttypes", "ContentType"),
            task_ids,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("line_delivery", "0018_deliveryrequest_recipients"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="LineGuardedApprovalTask",
            fields=[
                (
                    "groupapprovaltask_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.groupapprovaltask",
                    ),
                ),
            ],
            options={
                "verbose_name": "承認（LINE配信の確認つき）",
                "verbose_name_plural": "承認（LINE配信の確認つき）",
            },
            bases=("wagtailcore.groupapprovaltask",),
        ),
        migrations.RunPython(guard_existing_approval_tasks, migrations.RunPython.noop),
    ]
