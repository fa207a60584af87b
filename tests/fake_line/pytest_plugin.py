"""pytest plugin: ``fake_line`` fixture backed by one server per test session.

Enable it with ``pytest_plugins = ["tests.fake_line.pytest_plugin"]`` in the
root conftest. Starting the server (and compiling the OpenAPI schemas) once
per session keeps tests fast; ``reset()`` before every test gives each test a
clean state: no recorded messages, no users, no rich menus, no faults, the
initial config and rate limits, and the clock back at real time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import FakeLineServer


#: Bearer token the session server accepts.
FAKE_LINE_TOKEN = "fake-line-test-token"
#: LINE Login channel ID used for ID-token verification.
FAKE_LINE_LOGIN_CHANNEL_ID = "1234567890"


@pytest.fixture(scope="session")
def fake_line_server() -> Iterator[FakeLineServer]:
    """The session-wide fake LINE server (prefer ``fake_line``, which resets it)."""
    server = FakeLineServer(
        channel_access_token=FAKE_LINE_TOKEN,
        login_channel_id=FAKE_LINE_LOGIN_CHANNEL_ID,
        seed=1234,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_line(fake_line_server: FakeLineServer) -> Iterator[FakeLineServer]:
    """A fake LINE server with fresh state for this test."""
    fake_line_server.reset()  # also re-seeds the fault randomness
    yield fake_line_server
    fake_line_server.faults.clear()
