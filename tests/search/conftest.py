"""Fixtures of the search tests."""

import pytest

from bench.garbage_heldout import demo_index


@pytest.fixture(scope="session")
def index():
    """The demo guide as the chat indexes it (guide + the synonym list), built once."""
    return demo_index()
