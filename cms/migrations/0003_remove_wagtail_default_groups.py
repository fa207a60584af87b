"""Wagtail's default groups ("Moderators", "Editors") and its root workflow go.

They publish anywhere, past 「公開前の承認」 (issue 21). ``cms.roles.ensure_roles``
does the same after every ``migrate``; this migration makes an upgraded database
lose them even where nobody runs ``setup_roles``.
"""

from django.db import migrations


DEFAULT_GROUPS = ("Moderators", "Editors")
DEFAULT_WORKFLOW = "Moderators approval"


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    Group.objects.filter(name__in=DEFAULT_GROUPS).delete()
    workflows = Workflow.objects.filter(name=DEFAULT_WORKFLOW)
    WorkflowPage.objects.filter(workflow__in=workflows).delete()
    workflows.update(active=False)
    Task.objects.filter(name=DEFAULT_WORKFLOW).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_approval_settings"),
        # After every Wagtail migration that creates or fills the default groups.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(remove_default_groups, migrations.RunPython.noop),
    ]
