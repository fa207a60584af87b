"""Installations seeded before new default end words get them (migration 0017),
without losing or changing what staff edited."""

import importlib

from django.apps import apps

import pytest

from home import event_defaults
from home.models import EventKind, EventKindSubject
from line_delivery.mail_bridge.lifecycle import plan_events
from line_delivery.models import MailBridgeSettings


pytestmark = pytest.mark.django_db

upgrade = importlib.import_module("home.migrations.0018_add_new_default_event_words")
WARNING = "大雨・洪水・暴風などの警報"
FERRY = "欠航（船）"


def as_before_the_upgrade_with_staff_edits() -> None:
    """Lists as 0012 left them, then edited: a word added, a default word deleted."""
    warning = EventKind.objects.get(name=WARNING)
    warning.target_words = "大雨警報、洪水警報\n特別警報"  # staff used 、
    warning.end_words = (
        "解除\n注意報に切り替え\n職員が足した語"  # 注意報へ切り替え deleted
    )
    warning.not_end_words = "見込み\nたら"
    warning.save()
    EventKindSubject.objects.filter(kind=warning, name__in=["暴風特別警報"]).delete()
    EventKindSubject.objects.create(kind=warning, name="職員の警報", sort_order=None)
    EventKind.objects.filter(name=FERRY).update(subject_endings="")


def ferry_routes(text: str) -> list[list[str]]:
    vocabulary = MailBridgeSettings.load().vocabulary()
    return [
        s.subjects
        for s in plan_events("", text, vocabulary).statements
        if s.kind.name == FERRY
    ]


def test_new_default_words_are_added_and_staff_edits_are_kept():
    as_before_the_upgrade_with_staff_edits()
    # Before: a route nobody listed is not told apart from the others.
    assert ferry_routes("宮島航路は全便欠航です。") == [[]]

    upgrade.add_new_default_words(apps, None)

    warning = EventKind.objects.get(name=WARNING)
    ends = warning.end_words.splitlines()
    assert ends[:3] == ["解除", "注意報に切り替え", "職員が足した語"]  # kept, first
    assert "注意報に引き下げ" in ends and "注意報へ切替" in ends
    assert "注意報へ切り替え" not in ends  # an old default staff deleted stays deleted
    assert warning.target_list() == ["大雨警報", "洪水警報", "特別警報", "警報"]
    assert warning.not_end_list() == ["見込み", "たら", "警報器"]
    names = list(
        EventKindSubject.objects.filter(kind=warning).values_list("name", flat=True)
    )
    assert names.count("暴風特別警報") == 1 and "職員の警報" in names
    assert EventKind.objects.get(name=FERRY).subject_ending_list() == ["航路", "便"]
    # After: the route is its own event.
    assert ferry_routes("宮島航路は全便欠航です。") == [["宮島航路"]]

    # Run again (a re-applied migration): nothing doubles.
    before = {k.name: (k.end_words, k.target_words) for k in EventKind.objects.all()}
    count = EventKindSubject.objects.count()
    upgrade.add_new_default_words(apps, None)
    after = {k.name: (k.end_words, k.target_words) for k in EventKind.objects.all()}
    assert after == before and EventKindSubject.objects.count() == count


def test_a_kind_staff_renamed_is_left_alone():
    EventKind.objects.filter(name=FERRY).update(name="船の欠航", subject_endings="")
    upgrade.add_new_default_words(apps, None)
    assert EventKind.objects.get(name="船の欠航").subject_endings == ""


def test_the_migrations_new_words_are_the_defaults_words():
    """What the upgrade adds is what a new installation starts with."""
    defaults = {kind["name"]: kind for kind in event_defaults.EVENT_KINDS}
    for name, fields in upgrade.NEW_WORDS.items():
        for field, added in fields.items():
            assert set(added) <= set(defaults[name][field]), (name, field)
    for name, subjects in upgrade.NEW_SUBJECTS.items():
        listed = {s["name"]: s["aliases"] for s in defaults[name]["subjects"]}
        for subject in subjects:
            assert listed[subject["name"]] == subject["aliases"]
    # …and a new installation has every default word (0012, 0015 and 0017).
    for data in event_defaults.EVENT_KINDS:
        kind = EventKind.objects.get(name=data["name"])
        for field in upgrade.WORD_FIELDS:
            have = set(getattr(kind, field).splitlines())
            assert set(data.get(field, [])) <= have, (kind.name, field)
