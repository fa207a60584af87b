"""Every shared sample mail, then the frozen held-out chains (other cities' wordings),
in order: no event a later mail ended is still shown as in force.

The held-out files (``data/lifecycle_heldout*.json``) were frozen before their first
run and are never edited; the figures this prints are in docs/disaster-lifecycle.md.
"""

import datetime
import json
from pathlib import Path
import sys

import pytest

from home import notice_lifecycle
from home.models import Area
from line_delivery.models import TrustedSender
from tests.factories import DisasterIndexPageFactory

from .lifecycle_helpers import feed, fresh, mail_bytes
from .mail_helpers import SENDER, create_otake_places, sample, sample_names


pytestmark = pytest.mark.django_db
HELD_OUT_SETS = ["lifecycle_heldout.json", "lifecycle_heldout_2.json"]
"""Set 2 (warnings lowered, routes, zones) was frozen before its first run too."""


def held_out(name: str) -> list[dict]:
    return json.loads((Path(__file__).parent / "data" / name).read_text())["mails"]


NOT_ENDED = (notice_lifecycle.IN_FORCE, notice_lifecycle.EXPIRED)
"""Expired by its hours is not ended: only a mail (or staff) ends an event."""


def state_at(notice, moment):
    """The notice's state at ``moment`` (the hours of a notice without a level count
    from its own date, so old sample dates do not expire everything at once)."""
    return notice_lifecycle.lifecycle(fresh(notice), now=moment)


@pytest.mark.parametrize("held_out_set", HELD_OUT_SETS)
def test_every_sample_then_every_held_out_mail_leaves_nothing_lifted_in_force(
    held_out_set, home_page, topics, django_capture_on_commit_callbacks, capsys
):
    mails = held_out(held_out_set)
    create_otake_places()
    assert Area.objects.exists()
    DisasterIndexPageFactory(parent=home_page)
    TrustedSender.objects.create(address=SENDER, action=TrustedSender.Action.PUBLISH)
    notices = {}
    dates = {}
    for name in sample_names():
        if "14-jalert" in name:
            continue  # a test mail stays a draft (【試験】): no notice is published
        notice = feed(sample(name), django_capture_on_commit_callbacks)
        notices[name] = notice
        dates[name] = notice.issued_at

    figures = {"not_in_force": [0, 0], "stays": [0, 0], "own": [0, 0], "level": [0, 0]}
    misses = []
    for mail in mails:
        when = datetime.datetime.fromisoformat(mail["date"])
        notice = feed(
            mail_bytes(mail["text"], mail["subject"], when=when),
            django_capture_on_commit_callbacks,
        )
        notices[mail["id"]] = notice
        moment = when + datetime.timedelta(minutes=1)
        for other in mail["not_in_force"]:
            ok = not state_at(notices[other], moment).in_force
            figures["not_in_force"][0] += ok
            figures["not_in_force"][1] += 1
            if not ok:
                misses.append(f"{mail['id']}: {other} still in force")
        for other in mail["stays"]:
            state = state_at(notices[other], moment).state
            ok = state in (notice_lifecycle.IN_FORCE, notice_lifecycle.SUPERSEDED)
            figures["stays"][0] += ok
            figures["stays"][1] += 1
            if not ok:
                misses.append(f"{mail['id']}: {other} ended ({state})")
        own = state_at(notice, moment).in_force
        figures["own"][0] += own == mail["own_in_force"]
        figures["own"][1] += 1
        if own != mail["own_in_force"]:
            misses.append(f"{mail['id']}: own notice in force={own}")
        if mail["own_level"] is not None:
            figures["level"][0] += fresh(notice).level == mail["own_level"]
            figures["level"][1] += 1
            if fresh(notice).level != mail["own_level"]:
                misses.append(f"{mail['id']}: level {fresh(notice).level}")

    report = f"held-out lifecycle ({held_out_set}): " + ", ".join(
        f"{k} {ok}/{n}" for k, (ok, n) in figures.items()
    )
    with capsys.disabled():
        # The figures for docs/disaster-lifecycle.md (pytest -s not needed).
        sys.stdout.write("\n" + report + "\n")
        sys.stdout.writelines(f"  miss: {miss}\n" for miss in misses)

    # At the end: nothing any mail ended is still shown as in force.
    end = datetime.datetime.fromisoformat(mails[-1]["date"])
    lifted = {other for mail in mails for other in mail["not_in_force"]}
    still = sorted(
        key for key in lifted if state_at(notices[key], end).state in NOT_ENDED
    )
    assert still == []
