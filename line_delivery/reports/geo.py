"""Places: distances, the nearest 地区, and duplicate suggestions (same kind, near, recent)."""

from dataclasses import dataclass
import datetime
from decimal import Decimal
import math

from home.models import Area, Shelter

from .models import AreaPoint, Report, ReportSettings


EARTH_RADIUS_M = 6_371_000
CITY_BOUNDS_DEGREES = 1.0
"""How far from the map's centre a report may be (about 100 km): a typo, not Otake."""


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lng2 - lng1)
    a = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _area_points() -> list[tuple[Area, float, float]]:
    """The 地区's representative points; without any, the shelters of each 地区."""
    points = [
        (p.area, float(p.latitude), float(p.longitude))
        for p in AreaPoint.objects.select_related("area")
    ]
    if points:
        return points
    return [
        (area, float(shelter.latitude), float(shelter.longitude))
        for shelter in Shelter.objects.exclude(latitude=None)
        .exclude(longitude=None)
        .prefetch_related("areas")
        for area in shelter.areas.all()
    ]


def nearest_area(latitude: float, longitude: float) -> Area | None:
    points = _area_points()
    if not points:
        return None
    return min(points, key=lambda p: distance_m(latitude, longitude, p[1], p[2]))[0]


def within_city(latitude: float, longitude: float) -> bool:
    city = ReportSettings.load()
    return (
        abs(latitude - float(city.map_latitude)) <= CITY_BOUNDS_DEGREES
        and abs(longitude - float(city.map_longitude)) <= CITY_BOUNDS_DEGREES
    )


@dataclass(frozen=True)
class DuplicateCandidate:
    report: Report
    distance_m: float
    days_apart: float


def duplicate_candidates(report: Report, limit: int = 5) -> list[DuplicateCandidate]:
    """Reports of the same category close in space and time (FixMyStreet's nearby list).

    A box in degrees narrows the query; the exact distance decides.
    """
    rules = ReportSettings.load()
    radius = rules.duplicate_radius_m
    window = datetime.timedelta(days=rules.duplicate_window_days)
    lat, lng = float(report.latitude), float(report.longitude)
    d_lat = radius / 111_000
    d_lng = radius / (111_000 * max(math.cos(math.radians(lat)), 0.01))
    nearby = (
        Report.objects.filter(
            category=report.category_id,
            duplicate_of__isnull=True,
            created_at__gte=report.created_at - window,
            created_at__lte=report.created_at + window,
            latitude__range=(Decimal(lat - d_lat), Decimal(lat + d_lat)),
            longitude__range=(Decimal(lng - d_lng), Decimal(lng + d_lng)),
        )
        .exclude(pk=report.pk)
        .exclude(duplicate_of=report.pk)
        .select_related("category")
    )
    found = []
    for other in nearby:
        metres = distance_m(lat, lng, float(other.latitude), float(other.longitude))
        if metres <= radius:
            days = abs((other.created_at - report.created_at).total_seconds()) / 86400
            found.append(DuplicateCandidate(other, metres, days))
    found.sort(key=lambda c: (c.distance_m, c.days_apart))
    return found[:limit]
