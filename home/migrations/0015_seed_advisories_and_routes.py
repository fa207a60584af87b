"""The 注意報 kind (a warning's lowered state) and the routes, lines and warnings of
each kind (``event_defaults``). Kinds and names staff already have are left alone."""

from django.db import migrations

from home import event_defaults


def seed(apps, schema_editor):
    EventKind = apps.get_model("home", "EventKind")
    EventKindSubject = apps.get_model("home", "EventKindSubject")
    for order, data in enumerate(event_defaults.EVENT_KINDS):
        kind, _created = EventKind.objects.get_or_create(
            name=data["name"],
            defaults={
                "is_evacuation_level": data.get("is_evacuation_level", False),
                "target_words": "\n".join(data["target_words"]),
                "start_words": "\n".join(data["start_words"]),
                "end_words": "\n".join(data["end_words"]),
                "not_end_words": "\n".join(data["not_end_words"]),
                "end_label": data["end_label"],
                "sort_order": order,
            },
        )
        if EventKindSubject.objects.filter(kind=kind).exists():
            continue
        for number, subject in enumerate(data.get("subjects", [])):
            EventKindSubject.objects.create(
                kind=kind,
                name=subject["name"],
                aliases="\n".join(subject["aliases"]),
                sort_order=number,
            )


class Migration(migrations.Migration):
    dependencies = [("home", "0014_zones_event_subjects_lowered")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
