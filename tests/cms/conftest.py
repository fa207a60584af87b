from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from cms.roles import ensure_roles
from line_delivery import client as line_client
from tests.auth import sign_in_verified
from tests.factories import (
    DisasterIndexPageFactory,
    GarbageGuidePageFactory,
    NewsIndexPageFactory,
)


@pytest.fixture
def sections(home_page):
    """The three sections, and the roles set up on them as ``setup_roles`` does."""
    pages = {
        "news": NewsIndexPageFactory(parent=home_page),
        "disaster": DisasterIndexPageFactory(parent=home_page),
        "garbage": GarbageGuidePageFactory(parent=home_page),
    }
    ensure_roles()
    return pages


@pytest.fixture
def staff_member(db):
    """``staff_member("承認者", username=…)``: an active user in that group."""

    def make(group_name: str, username: str | None = None):
        user = get_user_model().objects.create_user(
            username or f"user-{Group.objects.get(name=group_name).pk}",
            password="a long enough password 2026",
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def signed_in(client):
    """``signed_in(user)``: the test client, signed in with both factors as ``user``."""

    def sign_in(user):
        sign_in_verified(client, user)
        return client

    return sign_in


@pytest.fixture
def sandbox(settings):
    """LINE goes to the sandbox channel: requests are validated and recorded locally."""
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    settings.LINE_SANDBOX = False
    line_client.reset_clients()
    yield
    line_client.reset_clients()
