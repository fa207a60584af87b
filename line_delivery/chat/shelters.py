"""Location messages → the nearest open shelters, with distance, status and a map."""

import math
from typing import Any

from home.models import Shelter, ShelterStatus

from ..flex import text, uri_button, vertical_box
from .common import MAIN_ACTIONS, quick_replies


MAX_SHELTERS = 5
STATUS_COLOURS = {
    ShelterStatus.OPEN: "#1B7F3B",
    ShelterStatus.FULL: "#B00012",
    ShelterStatus.CLOSED: "#555555",
}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); plenty for 'which shelter is nearest'."""
    radius = 6371.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    )
    return 2 * radius * math.asin(math.sqrt(a))


def _distance_text(km: float) -> str:
    return f"約{round(km * 1000, -1):.0f}m" if km < 1 else f"約{km:.1f}km"


def _bubble(shelter: Shelter, km: float) -> dict[str, Any]:
    contents = [
        text(shelter.name, weight="bold", size="lg"),
        text(
            f"{shelter.get_status_display()}・{_distance_text(km)}",
            weight="bold",
            color=STATUS_COLOURS[shelter.status],
        ),
    ]
    if shelter.address:
        contents.append(text(shelter.address, size="sm"))
    bubble: dict[str, Any] = {
        "type": "bubble",
        "size": "kilo",
        "body": vertical_box(contents, spacing="sm"),
    }
    if shelter.map_url():
        bubble["footer"] = vertical_box([uri_button("地図で見る", shelter.map_url())])
    return bubble


def nearest_shelters(
    latitude: float, longitude: float
) -> tuple[list[tuple[Shelter, float]], bool]:
    """Open shelters nearest first; if none is open, the nearest ones with their status."""
    located = [
        s
        for s in Shelter.objects.all()
        if s.latitude is not None and s.longitude is not None
    ]
    ranked = sorted(
        (
            (s, distance_km(latitude, longitude, float(s.latitude), float(s.longitude)))
            for s in located
        ),
        key=lambda pair: pair[1],
    )
    open_ones = [pair for pair in ranked if pair[0].status == ShelterStatus.OPEN]
    if open_ones:
        return open_ones[:MAX_SHELTERS], True
    return ranked[:MAX_SHELTERS], False


def location_messages(latitude: float, longitude: float) -> list[dict[str, Any]]:
    shelters, any_open = nearest_shelters(latitude, longitude)
    if not shelters:
        return [
            {
                "type": "text",
                "text": "避難所の情報がまだ登録されていません。",
                "quickReply": quick_replies(MAIN_ACTIONS),
            }
        ]
    intro = (
        "近くの開設中の避難所です。"
        if any_open
        else "いま開設している避難所はありません。近くの避難所と状況をお知らせします。"
    )
    return [
        {"type": "text", "text": intro},
        {
            "type": "flex",
            "altText": intro + "、".join(shelter.name for shelter, _ in shelters),
            "contents": {
                "type": "carousel",
                "contents": [_bubble(s, km) for s, km in shelters],
            },
            "quickReply": quick_replies(MAIN_ACTIONS),
        },
    ]


def open_shelters_messages() -> list[dict[str, Any]]:
    """The 避難所 button: open shelters by name, and a way to find the nearest."""
    open_ones = list(Shelter.objects.filter(status=ShelterStatus.OPEN).order_by("name"))
    if open_ones:
        text = "開設中の避難所:\n" + "\n".join(f"・{s.name}" for s in open_ones)
    else:
        text = "いま開設している避難所はありません。"
    text += "\n\n「現在地を送る」を押すと、近くの避難所をお知らせします。"
    return [
        {
            "type": "text",
            "text": text,
            "quickReply": quick_replies(
                [{"type": "location", "label": "現在地を送る"}, *MAIN_ACTIONS[:4]]
            ),
        }
    ]
