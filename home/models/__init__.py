"""Content models, one module per content type (re-exported here for Django)."""

from .city import CitySettings
from .collection import (
    CollectionArea,
    CollectionCenter,
    CollectionClosure,
    CollectionException,
    CollectionSchedule,
)
from .disaster import (
    ALERT_LEVEL_COLOURS,
    AlertLevel,
    DisasterIndexPage,
    DisasterNoticePage,
    Hazard,
)
from .disaster_events import (
    EventKind,
    EventKindSubject,
    HazardDuration,
    NoticeEnding,
    NoticeEvent,
)
from .disaster_mode import DisasterMode, DisasterModeSwitch
from .faq import Faq
from .garbage import (
    GarbageCategory,
    GarbageGuidePage,
    GarbageItem,
    GarbageQueryFeedback,
    GarbageSynonym,
)
from .home import HomePage
from .news import NewsIndexPage, NewsPage
from .open5374 import Open5374Icon, Open5374Job
from .shelters import SHELTER_HAZARD_FIELDS, Shelter, ShelterStatus
from .survey import QuestionType, SurveyPage, SurveyQuestion
from .taxonomy import Area, Topic, Zone


__all__ = [
    "ALERT_LEVEL_COLOURS",
    "SHELTER_HAZARD_FIELDS",
    "AlertLevel",
    "GarbageQueryFeedback",
    "GarbageSynonym",
    "Area",
    "CitySettings",
    "CollectionArea",
    "CollectionCenter",
    "CollectionClosure",
    "CollectionException",
    "CollectionSchedule",
    "DisasterIndexPage",
    "DisasterMode",
    "DisasterModeSwitch",
    "DisasterNoticePage",
    "EventKind",
    "EventKindSubject",
    "Faq",
    "GarbageCategory",
    "GarbageGuidePage",
    "GarbageItem",
    "Hazard",
    "HazardDuration",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "NoticeEnding",
    "NoticeEvent",
    "Open5374Icon",
    "Open5374Job",
    "QuestionType",
    "Shelter",
    "ShelterStatus",
    "SurveyPage",
    "SurveyQuestion",
    "Topic",
    "Zone",
]
