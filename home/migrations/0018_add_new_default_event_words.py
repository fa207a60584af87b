"""New default words and names for the event kinds an installation already has.

Migration 0012 seeded each kind once and 0015 its names only when it had none, so
words added to ``home.event_defaults`` since never reached an existing installation.
This adds them, as a union: a word (or route / warning name) is appended to the kind
of the same name only when it is missing; nothing is removed or reordered, and words
staff typed or edited stay as they are.

The model cannot tell a default word staff deleted from one that was never there, so
only the words introduced since the first seeding are added (listed below, frozen):
a word staff deleted from the first defaults stays deleted. A fresh installation
already has all of them from 0012/0015 and nothing changes.
"""

from django.db import migrations


WORD_FIELDS = (
    "target_words",
    "start_words",
    "end_words",
    "not_end_words",
    "subject_endings",
)

# Words in home.event_defaults that the first seeding (0012) did not have.
NEW_WORDS = {
    "大雨・洪水・暴風などの警報": {
        "target_words": ["警報"],
        "end_words": [
            "注意報へ切替",
            "注意報に移行",
            "注意報へ移行",
            "注意報に変わ",
            "注意報に切り替わ",
            "注意報へ切り替わ",
            "注意報へ変わ",
            "注意報に引き下げ",
        ],
        "not_end_words": ["警報器"],
    },
    "欠航（船）": {"subject_endings": ["航路", "便"]},
    "運休（バス・鉄道）": {"subject_endings": ["線", "便"]},
}

# Names in home.event_defaults that the seeding of names (0015) did not have.
NEW_SUBJECTS = {
    "大雨・洪水・暴風などの警報": [
        {"name": name, "aliases": [name]}
        for name in (
            "暴風雪特別警報",
            "暴風特別警報",
            "波浪特別警報",
            "高潮特別警報",
            "大雪特別警報",
        )
    ],
}


def _words(text: str) -> list[str]:
    """As ``home.models.disaster_events.words``: one a line, 、 and , also separate."""
    for separator in ("、", ",", "，"):
        text = text.replace(separator, "\n")
    return [word.strip() for word in text.splitlines() if word.strip()]


def with_words(text: str, new: list[str]) -> str:
    """``text`` with the words of ``new`` it lacks appended, one a line."""
    have = set(_words(text))
    missing = [word for word in dict.fromkeys(new) if word not in have]
    if not missing:
        return text
    kept = text.rstrip()
    return "\n".join([kept, *missing] if kept else missing)


def add_new_default_words(apps, schema_editor):
    EventKind = apps.get_model("home", "EventKind")
    EventKindSubject = apps.get_model("home", "EventKindSubject")
    for kind in EventKind.objects.filter(name__in=[*NEW_WORDS, *NEW_SUBJECTS]):
        changed = []
        for field, new in NEW_WORDS.get(kind.name, {}).items():
            text = getattr(kind, field)
            updated = with_words(text, new)
            if updated != text:
                setattr(kind, field, updated)
                changed.append(field)
        if changed:
            kind.save(update_fields=changed)
        subjects = EventKindSubject.objects.filter(kind=kind)
        have = set(subjects.values_list("name", flat=True))
        orders = subjects.exclude(sort_order=None).values_list("sort_order", flat=True)
        order = max(orders, default=-1)
        for subject in NEW_SUBJECTS.get(kind.name, []):
            if subject["name"] in have:
                continue
            order += 1
            EventKindSubject.objects.create(
                kind=kind,
                name=subject["name"],
                aliases="\n".join(subject["aliases"]),
                sort_order=order,
            )


class Migration(migrations.Migration):
    dependencies = [("home", "0017_event_kind_subject_endings")]

    operations = [
        migrations.RunPython(add_new_default_words, migrations.RunPython.noop)
    ]
