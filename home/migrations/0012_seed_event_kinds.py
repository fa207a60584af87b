"""Default event kinds with their end words, and 24 h for notices without a level.

Rows that staff already have (same name / hazard) are left as they are.
"""

from django.db import migrations

from home import event_defaults


KINDS = [dict(kind) for kind in event_defaults.EVENT_KINDS]
HAZARDS = [
    "heavy_rain",
    "flood",
    "landslide",
    "storm_surge",
    "typhoon",
    "earthquake",
    "tsunami",
    "fire",
    "water_supply",
    "heat",
    "wildlife",
    "civil_protection",
    "other",
]


def seed(apps, schema_editor):
    EventKind = apps.get_model("home", "EventKind")
    HazardDuration = apps.get_model("home", "HazardDuration")
    for order, kind in enumerate(KINDS):
        EventKind.objects.get_or_create(
            name=kind["name"],
            defaults={
                "is_evacuation_level": kind.get("is_evacuation_level", False),
                "target_words": "\n".join(kind["target_words"]),
                "start_words": "\n".join(kind["start_words"]),
                "end_words": "\n".join(kind["end_words"]),
                "not_end_words": "\n".join(kind["not_end_words"]),
                "end_label": kind["end_label"],
                "sort_order": order,
            },
        )
    for hazard in HAZARDS:
        HazardDuration.objects.get_or_create(
            hazard=hazard,
            defaults={"hours": event_defaults.HAZARD_HOURS.get(hazard, 24)},
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0011_disaster_events")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
