"""Staff actions on shelters: change a status, announce the open shelters.

The announcement is a disaster notice (お知らせ) published like any other, so it
appears on the website and feed and reaches LINE through the normal publish flow:
only friends in the shelters' 地区 (and those who chose no 地区) receive it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from cms import audit

from .models import (
    AlertLevel,
    Area,
    DisasterIndexPage,
    DisasterNoticePage,
    Hazard,
    Shelter,
    ShelterStatus,
    Topic,
)


SUMMARY_LENGTH = 100


def set_status(shelter: Shelter, status: str, user) -> bool:
    """One click: 開設 / 満 / 未開設. False when it already had that status."""
    if status not in ShelterStatus.values:
        raise ValueError(f"Unknown shelter status {status!r}")
    if shelter.status == status:
        return False
    previous = shelter.status
    shelter.status = status
    shelter.save()
    audit.record(user, "shelter.status", shelter, previous=previous, status=status)
    return True


class NothingToAnnounce(Exception):
    pass


def announce_open_shelters(user) -> DisasterNoticePage:
    """Publish 「避難所を開設しています」 for the 地区 the open shelters serve."""
    shelters = list(
        Shelter.objects.filter(status__in=[ShelterStatus.OPEN, ShelterStatus.FULL])
        .prefetch_related("areas")
        .order_by("name")
    )
    if not shelters:
        raise NothingToAnnounce
    index = DisasterIndexPage.objects.live().first()
    if index is None:
        raise NothingToAnnounce
    names = [
        s.name + ("（満）" if s.status == ShelterStatus.FULL else "") for s in shelters
    ]
    areas = sorted(
        {area for shelter in shelters for area in shelter.areas.all()},
        key=lambda a: (a.sort_order, a.name),
    )
    summary = "開設中の避難所: " + "、".join(names)
    if len(summary) > SUMMARY_LENGTH:
        summary = summary[: SUMMARY_LENGTH - 1] + "…"
    now = timezone.now()
    lines = "".join(f"<li>{escape(name)}</li>" for name in names)
    with transaction.atomic():
        page = DisasterNoticePage(
            title="避難所を開設しています",
            slug=f"shelters-{now:%Y%m%d%H%M%S}",
            level=AlertLevel.INFO,
            hazard=Hazard.OTHER,
            issued_at=now,
            summary=summary,
            body=[
                {
                    "type": "paragraph",
                    "value": f"<p>次の避難所を開設しています。</p><ul>{lines}</ul>",
                }
            ],
            live=False,
        )
        page.shelters = shelters
        page.target_areas = list(Area.objects.filter(pk__in=[a.pk for a in areas]))
        page.topics = list(Topic.objects.filter(slug="bousai"))
        index.add_child(instance=page)
        page.save_revision(user=user).publish(user=user)
    audit.record(user, "shelter.announce", page, shelters=[s.name for s in shelters])
    return page
