import pytest

from home.models import HomePage


pytest_plugins = ["tests.fake_line.pytest_plugin"]


@pytest.fixture
def home_page(db) -> HomePage:
    """The city's top page, created by the data migration on every fresh database."""
    return HomePage.objects.get()
