"""Content models, one module per content type (re-exported here for Django)."""

from .city import CitySettings
from .disaster import (
    ALERT_LEVEL_COLOURS,
    AlertLevel,
    DisasterIndexPage,
    DisasterNoticePage,
    Hazard,
)
from .disaster_mode import DisasterMode, DisasterModeSwitch
from .faq import Faq
from .garbage import (
    CollectionArea,
    CollectionSchedule,
    GarbageCategory,
    GarbageGuidePage,
    GarbageItem,
)
from .home import HomePage
from .news import NewsIndexPage, NewsPage
from .shelters import SHELTER_HAZARD_FIELDS, Shelter, ShelterStatus
from .taxonomy import Area, Topic


__all__ = [
    "ALERT_LEVEL_COLOURS",
    "SHELTER_HAZARD_FIELDS",
    "AlertLevel",
    "Area",
    "CitySettings",
    "CollectionArea",
    "CollectionSchedule",
    "DisasterIndexPage",
    "DisasterMode",
    "DisasterModeSwitch",
    "DisasterNoticePage",
    "Faq",
    "GarbageCategory",
    "GarbageGuidePage",
    "GarbageItem",
    "Hazard",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "Shelter",
    "ShelterStatus",
    "Topic",
]
