import pytest

from home.models import CollectionArea, CollectionSchedule
from line_delivery import client, crypto
from line_delivery.models import Friend, TestMember
from line_delivery.sandbox import sandbox_app
from tests.factories import (
    AreaFactory,
    GarbageCategoryFactory,
    NewsIndexPageFactory,
    TopicFactory,
)
from tests.fake_line.pytest_plugin import FAKE_LINE_TOKEN
from tests.fake_line.server import new_user_id


def _reset_rate_limits(pattern: str) -> None:
    """Empty the rate-limit buckets matching ``pattern`` (in Redis and in-process).

    The buckets live in Redis and outlast a test: without this, the suite's broadcasts
    drain the 55-an-hour broadcast bucket and later tests wait a minute per broadcast.
    """
    from line_delivery import ratelimit

    ratelimit._local_buckets.clear()
    client_redis = ratelimit._redis()
    if client_redis is not None:
        for key in client_redis.scan_iter(pattern):
            client_redis.delete(key)


@pytest.fixture
def line_channel(fake_line, settings):
    """Our LINE client pointed at the strict fake LINE API (a real channel, not the sandbox)."""
    settings.LINE_CHANNEL_ACCESS_TOKEN = FAKE_LINE_TOKEN
    settings.LINE_CHANNEL_SECRET = "fake-channel-secret"
    settings.LINE_API_BASE_URL = fake_line.api_base_url
    settings.LINE_DATA_API_BASE_URL = fake_line.data_api_base_url
    settings.LINE_SANDBOX = False
    # Short enough for the fault tests, long enough that a loaded 2-core machine's
    # slow in-thread fake is not taken for a LINE timeout (issue 22, item 8).
    settings.LINE_REQUEST_TIMEOUT = (3.0, 4.0)
    client.reset_clients()
    _reset_rate_limits("line:ratelimit:*")  # each fake LINE is a new channel
    yield fake_line
    client.reset_clients()


@pytest.fixture
def sandbox(settings):
    """The sandbox channel (no token), with a fresh emulator as in a new process."""
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    settings.LINE_SANDBOX = False
    client.reset_clients()
    sandbox_app.cache_clear()
    assert client.is_sandbox()
    yield sandbox_app()
    client.reset_clients()
    sandbox_app.cache_clear()


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
    from tests.fake_line.pytest_plugin import FAKE_LINE_LOGIN_CHANNEL_ID

    settings.LINE_LOGIN_CHANNEL_ID = FAKE_LINE_LOGIN_CHANNEL_ID
    settings.LINE_LIFF_ID = ""
    _reset_rate_limits("ratelimit:liff-*")
    return line_channel


@pytest.fixture
def town(db):
    """Two 収集地区: 東部 (小方) collects 燃やせるごみ Mon/Thu, ペットボトル Thu, 缶 Fri;
    西部 (玖波) 燃やせるごみ Tue/Fri."""
    ogata, kuba = AreaFactory(name="小方地区"), AreaFactory(name="玖波地区")
    burnable = GarbageCategoryFactory(name="燃やせるごみ", slug="moyasu", sort_order=1)
    bottles = GarbageCategoryFactory(name="ペットボトル", slug="pet", sort_order=2)
    cans = GarbageCategoryFactory(name="缶", slug="kan", sort_order=3)
    east = CollectionArea.objects.create(name="東部")
    east.areas.set([ogata])
    east.save()  # a ParentalManyToManyField is written on save
    CollectionSchedule.objects.create(
        collection_area=east, category=burnable, weekly_days=[0, 3]
    )  # 毎週月・木
    CollectionSchedule.objects.create(
        collection_area=east, category=bottles, weekly_days=[3]
    )  # 毎週木
    CollectionSchedule.objects.create(
        collection_area=east, category=cans, weekly_days=[4]
    )  # 毎週金
    west = CollectionArea.objects.create(name="西部")
    west.areas.set([kuba])
    west.save()
    CollectionSchedule.objects.create(
        collection_area=west, category=burnable, weekly_days=[1, 4]
    )  # 毎週火・金
    return {
        "ogata": ogata,
        "kuba": kuba,
        "burnable": burnable,
        "bottles": bottles,
        "cans": cans,
    }


# The 防災メール bridge's tests (test_mail_bridge.py, test_mail_reading.py).
@pytest.fixture
def places(db):
    from .mail_helpers import create_otake_places

    create_otake_places()


@pytest.fixture
def disaster_index(home_page):
    from tests.factories import DisasterIndexPageFactory

    return DisasterIndexPageFactory(parent=home_page)


@pytest.fixture
def publishing_sender(db, topics):
    from line_delivery.models import TrustedSender

    from .mail_helpers import SENDER

    sender = TrustedSender.objects.create(
        address=SENDER, action=TrustedSender.Action.PUBLISH
    )
    sender.topics.set([topics["bousai"]])
    return sender


@pytest.fixture
def city(db, home_page, topics):
    """Otake's 地区, zones and shelters, the 防災情報 index, a publishing sender."""
    from home.models import Area
    from line_delivery.models import TrustedSender
    from tests.factories import DisasterIndexPageFactory

    from .mail_helpers import SENDER, create_otake_places

    create_otake_places()
    DisasterIndexPageFactory(parent=home_page)
    sender = TrustedSender.objects.create(
        address=SENDER, action=TrustedSender.Action.PUBLISH
    )
    sender.topics.set([topics["bousai"]])
    return {area.name: area for area in Area.objects.all()}
