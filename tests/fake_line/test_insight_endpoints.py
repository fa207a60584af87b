"""The fake's insight API, through the real line-bot-sdk insight client.

What the delivery report relies on: aggregation units (pattern, one per request, the
monthly budget of 1,000 names), statistics per unit and per broadcast request with
LINE's privacy nulls under 20, the 30-day range and 60-an-hour limit, followers per
day (``unready`` until the day is over), and the monthly-limit 429.
"""

from __future__ import annotations

from datetime import datetime, timedelta
import uuid

from linebot.v3.insight import ApiClient as InsightApiClient
from linebot.v3.insight import Configuration as InsightConfiguration
from linebot.v3.insight import Insight
from linebot.v3.insight.exceptions import ApiException as InsightApiException
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    BroadcastRequest,
    MessagingApi,
    MulticastRequest,
    TextMessage,
)
import pytest

from line_delivery.line_emulator.app import JST


pytestmark = pytest.mark.django_db(databases=[])

URL = "https://www.city.otake.hiroshima.jp/news/1/"


@pytest.fixture
def api(fake_line):
    with ApiClient(fake_line.sdk_configuration()) as client:
        yield MessagingApi(client)


@pytest.fixture
def insight(fake_line):
    configuration = InsightConfiguration(
        host=fake_line.api_base_url, access_token=fake_line.channel_access_token
    )
    with InsightApiClient(configuration) as client:
        yield Insight(client)


def _multicast(api, user_ids, unit=None) -> str:
    body = {"to": user_ids, "messages": [{"type": "text", "text": "お知らせ"}]}
    if unit:
        body["customAggregationUnits"] = [unit]
    response = api.multicast_with_http_info(
        MulticastRequest.from_dict(body), x_line_retry_key=str(uuid.uuid4())
    )
    return response.headers["X-Line-Request-Id"]


def _today(fake_line) -> str:
    return datetime.fromtimestamp(fake_line.now(), JST).strftime("%Y%m%d")


def test_unit_statistics_count_interactions_and_hide_counts_under_20(
    fake_line, api, insight
):
    users = fake_line.add_followers(30)
    request_id = _multicast(api, users, unit="delivery_1")
    for user_id in users[:25]:
        fake_line.record_interaction(request_id, user_id, "impression")
    for user_id in users[:5]:
        fake_line.record_interaction(request_id, user_id, "click", url=URL)

    today = _today(fake_line)
    stats = insight.get_statistics_per_unit("delivery_1", today, today)
    assert stats.overview.unique_impression == 25
    assert stats.overview.unique_click is None  # 5 people: under LINE's threshold
    assert stats.messages[0].impression == 25
    assert stats.messages[0].media_played is None  # a text message has no media
    [click] = stats.clicks
    assert click.url == URL and click.click is None and click.unique_click is None

    assert fake_line.aggregation_units == ["delivery_1"]
    usage = api.get_aggregation_unit_usage()
    assert usage.num_of_custom_aggregation_units == 1
    assert api.get_aggregation_unit_name_list().custom_aggregation_units == [
        "delivery_1"
    ]


def test_unit_statistics_only_count_the_period_asked_for(fake_line, api, insight):
    users = fake_line.add_followers(20)
    request_id = _multicast(api, users, unit="weekly")
    for user_id in users:
        fake_line.record_interaction(request_id, user_id, "impression")
    yesterday = (
        datetime.fromtimestamp(fake_line.now(), JST) - timedelta(days=1)
    ).strftime("%Y%m%d")
    stats = insight.get_statistics_per_unit("weekly", yesterday, yesterday)
    assert stats.overview.unique_impression is None and stats.messages == []
    today = _today(fake_line)
    assert (
        insight.get_statistics_per_unit(
            "weekly", today, today
        ).overview.unique_impression
        == 20
    )


def test_unit_statistics_refuse_a_range_over_30_days_and_bad_names(fake_line, insight):
    with pytest.raises(InsightApiException) as error:
        insight.get_statistics_per_unit("unit", "20260301", "20260401")
    assert error.value.status == 400 and '"property":"to"' in error.value.body.replace(
        " ", ""
    )
    assert insight.get_statistics_per_unit("unit", "20260301", "20260331") is not None
    with pytest.raises(InsightApiException) as error:
        insight.get_statistics_per_unit("bad-name", "20260301", "20260302")
    assert error.value.status == 400


def test_statistics_per_unit_are_limited_to_60_an_hour(fake_line, insight):
    for _ in range(60):
        insight.get_statistics_per_unit("unit", "20260301", "20260301")
    with pytest.raises(InsightApiException) as error:
        insight.get_statistics_per_unit("unit", "20260301", "20260301")
    assert error.value.status == 429
    fake_line.advance_time(3600)
    insight.get_statistics_per_unit("unit", "20260301", "20260301")


def test_a_new_unit_over_the_monthly_budget_is_silently_not_assigned(fake_line, api):
    fake_line.config.aggregation_units_per_month = 2
    users = fake_line.add_followers(3)
    _multicast(api, users[:1], unit="first")
    _multicast(api, users[:1], unit="second")
    _multicast(api, users[:1], unit="third")  # still delivered
    _multicast(api, users[:1], unit="first")  # a name in use keeps working
    assert fake_line.aggregation_units == ["first", "second"]
    assert len(fake_line.received(users[0])) == 4
    units = [m.custom_aggregation_units for m in fake_line.received(users[0])]
    assert units == [("first",), ("second",), (), ("first",)]


def test_broadcast_statistics_by_request_id(fake_line, api, insight):
    users = fake_line.add_followers(40)
    response = api.broadcast_with_http_info(
        BroadcastRequest(messages=[TextMessage(text="一斉")]),
        x_line_retry_key=str(uuid.uuid4()),
    )
    request_id = response.headers["X-Line-Request-Id"]
    for user_id in users[:21]:
        fake_line.record_interaction(request_id, user_id, "impression")
        fake_line.record_interaction(request_id, user_id, "click", url=URL)
    event = insight.get_message_event(request_id)
    assert event.overview.request_id == request_id
    assert event.overview.delivered == 40
    assert event.overview.unique_impression == 21
    assert event.overview.unique_click == 21
    assert event.clicks[0].url == URL and event.clicks[0].click == 21

    multicast_id = _multicast(api, users[:2])
    with pytest.raises(InsightApiException) as error:
        insight.get_message_event(multicast_id)  # multicasts use units instead
    assert error.value.status == 404


def test_interactions_only_by_recipients(fake_line, api):
    users = fake_line.add_followers(2)
    request_id = _multicast(api, users[:1])
    with pytest.raises(ValueError):
        fake_line.record_interaction(request_id, users[1], "impression")
    with pytest.raises(ValueError):
        fake_line.record_interaction(request_id, users[0], "click")  # no URL


def test_followers_per_day_and_unready_today(fake_line, insight):
    users = fake_line.add_followers(5)
    fake_line.block(users[0])
    assert insight.get_number_of_followers(_today(fake_line)).status == "unready"
    fake_line.advance_time(86400)
    yesterday = (
        datetime.fromtimestamp(fake_line.now(), JST) - timedelta(days=1)
    ).strftime("%Y%m%d")
    figures = insight.get_number_of_followers(yesterday)
    assert (figures.status, figures.followers, figures.blocks) == ("ready", 5, 1)
    with pytest.raises(InsightApiException) as error:
        insight.get_number_of_followers("2026-1-1")
    assert error.value.status == 400


def test_monthly_limit_refuses_the_whole_request_with_lines_message(fake_line, api):
    users = fake_line.add_followers(10)
    fake_line.set_monthly_quota(12)
    _multicast(api, users[:6])
    with pytest.raises(ApiException) as error:
        _multicast(api, users[6:10] + users[:3])  # 7 more than the 6 left
    assert error.value.status == 429
    assert "You have reached your monthly limit." in error.value.body
    assert fake_line.received(users[6]) == []
    fake_line.set_monthly_quota(100, used=fake_line.quota_used)
    _multicast(api, users[6:10])
    assert len(fake_line.received(users[6])) == 1
