import pytest

from line_delivery import client, crypto
from line_delivery.models import Friend, TestMember
from tests.factories import NewsIndexPageFactory, TopicFactory
from tests.fake_line.pytest_plugin import FAKE_LINE_TOKEN
from tests.fake_line.server import new_user_id


@pytest.fixture
def line_channel(fake_line, settings):
    """Our LINE client pointed at the strict fake LINE API (a real channel, not the sandbox)."""
    settings.LINE_CHANNEL_ACCESS_TOKEN = FAKE_LINE_TOKEN
    settings.LINE_CHANNEL_SECRET = "fake-channel-secret"
    settings.LINE_API_BASE_URL = fake_line.api_base_url
    settings.LINE_DATA_API_BASE_URL = fake_line.data_api_base_url
    settings.LINE_SANDBOX = False
    settings.LINE_REQUEST_TIMEOUT = (1.0, 1.0)
    client.reset_clients()
    yield fake_line
    client.reset_clients()


@pytest.fixture(autouse=True)
def fresh_keys():
    crypto.reset_key_cache()
    yield
    crypto.reset_key_cache()


def make_friend(
    *, topics=(), areas=(), status=Friend.Status.FOLLOWING, user_id=None
) -> Friend:
    friend = Friend.objects.create(line_user_id=user_id or new_user_id(), status=status)
    friend.topics.set(topics)
    friend.areas.set(areas)
    return friend


def make_test_member(name="広報 テスト") -> TestMember:
    return TestMember.objects.create(name=name, friend=make_friend())


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def topics(db):
    return {
        "gomi": TopicFactory(name="ごみ", slug="gomi"),
        "bousai": TopicFactory(name="防災", slug="bousai"),
        "event": TopicFactory(name="イベント", slug="event"),
    }


@pytest.fixture
def liff_channel(line_channel, settings):
    """A real channel (the strict fake) with its LINE Login channel for LIFF."""
    from line_delivery import ratelimit
    from tests.fake_line.pytest_plugin import FAKE_LINE_LOGIN_CHANNEL_ID

    settings.LINE_LOGIN_CHANNEL_ID = FAKE_LINE_LOGIN_CHANNEL_ID
    settings.LINE_LIFF_ID = ""
    ratelimit._local_buckets.clear()
    client_redis = ratelimit._redis()
    if client_redis is not None:
        for key in client_redis.scan_iter("ratelimit:liff-*"):
            client_redis.delete(key)
    return line_channel
