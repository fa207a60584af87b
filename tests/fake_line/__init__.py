"""A strict fake of the LINE Messaging API for tests and benchmarks.

Pure Python (no Django): usable from pytest, from benchmarks and as
``python -m tests.fake_line --port N``. See README.md in this directory.
"""

from line_delivery.line_emulator.config import (
    DEFAULT_RATE_LIMITS,
    FakeLineConfig,
    RateLimit,
)
from line_delivery.line_emulator.faults import FaultRule, Faults, FiredFault
from line_delivery.line_emulator.records import (
    Delivery,
    ReceivedMessage,
    RequestRecord,
    RichMenu,
    RichMenuSwitch,
)

from .server import FakeLineServer, new_user_id


__all__ = [
    "DEFAULT_RATE_LIMITS",
    "Delivery",
    "FakeLineConfig",
    "FakeLineServer",
    "FaultRule",
    "Faults",
    "FiredFault",
    "RateLimit",
    "ReceivedMessage",
    "RequestRecord",
    "RichMenu",
    "RichMenuSwitch",
    "new_user_id",
]
