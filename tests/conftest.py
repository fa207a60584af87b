import pytest

from home.models import HomePage
from tests.auth import sign_in_verified


pytest_plugins = ["tests.fake_line.pytest_plugin", "tests.browser"]


@pytest.fixture
def home_page(db) -> HomePage:
    """The city's top page, created by the data migration on every fresh database."""
    return HomePage.objects.get()


@pytest.fixture
def admin_client(db, admin_user, client):
    """A superuser signed in with both factors (the admin refuses anything less)."""
    sign_in_verified(client, admin_user)
    return client
