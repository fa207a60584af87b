"""The delivery report: LINE's statistics per send, blocks after it, 配信の記録, CSV."""

import datetime

from django.utils import timezone

import pytest

from line_delivery import ratelimit
from line_delivery.delivery_reports.models import DeliveryStatistics, FriendEvent
from line_delivery.delivery_reports.tasks import refresh_delivery_statistics
from line_delivery.models import Delivery
from tests.factories import AreaFactory, NewsPageFactory

from .conftest import make_friend, make_test_member
from .test_publish_delivery import publish
from .webhook_helpers import base_event, body_for, post_webhook


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_insight_budget():
    """The insight budget is a Redis bucket shared by workers: start each test full."""
    ratelimit._local_buckets.clear()
    client = ratelimit._redis()
    if client is not None:
        for key in client.scan_iter("ratelimit:line-insight:*"):
            client.delete(key)
    yield


def _publish(news_index, topics, capture, title="ごみ収集日の変更", topic="gomi"):
    page = NewsPageFactory(parent=news_index, title=title, live=False)
    page.topics.set([topics[topic]])
    publish(page, capture)
    return page, Delivery.objects.get(page=page, kind=Delivery.Kind.PUBLISH)


def test_a_multicast_gets_a_unit_and_its_statistics_are_read_and_shown(
    line_channel, news_index, topics, admin_client, django_capture_on_commit_callbacks
):
    friends = [make_friend() for _ in range(25)]
    make_friend(topics=[topics["event"]])
    page, delivery = _publish(news_index, topics, django_capture_on_commit_callbacks)

    assert delivery.aggregation_unit == f"otake_d{delivery.pk}"
    [multicast] = line_channel.requests_for("multicast")
    assert multicast.body["customAggregationUnits"] == [delivery.aggregation_unit]

    page_url = f"http://testserver/news/{page.slug}/"
    for friend in friends[:22]:
        line_channel.record_interaction(
            multicast.request_id, friend.line_user_id, "impression"
        )
    for friend in friends[:21]:
        line_channel.record_interaction(
            multicast.request_id, friend.line_user_id, "click", url=page_url
        )
    for friend in friends[:3]:  # three people opened it twice
        line_channel.record_interaction(
            multicast.request_id, friend.line_user_id, "impression"
        )

    assert refresh_delivery_statistics() == 1
    stats = DeliveryStatistics.objects.get(delivery=delivery)
    assert (stats.unique_impressions, stats.impressions, stats.unique_clicks) == (
        22,
        25,
        21,
    )
    assert stats.clicks == [
        {"seq": 1, "url": page_url, "click": 21, "unique_click": 21}
    ]
    assert refresh_delivery_statistics() == 0, "read at most once an hour"
    assert len(line_channel.requests_for("getStatisticsPerUnit")) == 1

    html = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/").content.decode()
    assert 'data-stat="unique_impressions">22 人' in html
    assert 'data-stat="unique_clicks">21 人' in html
    assert page_url in html
    # The page's own report (header button 「LINE配信レポート」) shows the same.
    html = admin_client.get(f"/admin/line/pages/{page.pk}/deliveries/").content.decode()
    assert 'data-stat="unique_impressions">22 人' in html


def test_counts_under_20_are_shown_as_not_published_by_line(
    line_channel, news_index, topics, admin_client, django_capture_on_commit_callbacks
):
    friends = [make_friend() for _ in range(5)]
    make_friend(topics=[topics["event"]])
    _, delivery = _publish(news_index, topics, django_capture_on_commit_callbacks)
    [multicast] = line_channel.requests_for("multicast")
    for friend in friends:
        line_channel.record_interaction(
            multicast.request_id, friend.line_user_id, "impression"
        )
    refresh_delivery_statistics()
    html = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/").content.decode()
    assert 'data-stat="unique_impressions">—' in html
    assert "20人未満のため、LINEが数を公表しない" in html


def test_a_broadcast_is_read_by_its_request_id(
    line_channel, news_index, admin_client, django_capture_on_commit_callbacks
):
    friends = [make_friend() for _ in range(20)]
    line_channel.set_followers([f.line_user_id for f in friends])
    page = NewsPageFactory(parent=news_index, live=False)
    publish(page, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(page=page)
    assert delivery.is_broadcast
    [broadcast] = line_channel.requests_for("broadcast")
    assert "customAggregationUnits" not in broadcast.body
    for friend in friends:
        line_channel.record_interaction(
            broadcast.request_id, friend.line_user_id, "impression"
        )
    refresh_delivery_statistics()
    stats = DeliveryStatistics.objects.get(delivery=delivery)
    assert (stats.delivered, stats.unique_impressions) == (20, 20)
    assert line_channel.requests_for("getMessageEvent")[0].query == {
        "requestId": broadcast.request_id
    }


def test_test_sends_get_no_unit_and_the_monthly_unit_budget_is_kept(
    line_channel,
    news_index,
    topics,
    admin_client,
    settings,
    django_capture_on_commit_callbacks,
):
    make_test_member()
    make_friend()
    make_friend(topics=[topics["event"]])
    page, first = _publish(news_index, topics, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/line/pages/{page.pk}/test-send/")
    test_send = Delivery.objects.get(kind=Delivery.Kind.TEST)
    assert test_send.aggregation_unit == ""

    settings.LINE_AGGREGATION_UNITS_PER_MONTH = 1  # the first send used it
    _, second = _publish(
        news_index, topics, django_capture_on_commit_callbacks, title="二通目"
    )
    assert first.aggregation_unit and second.aggregation_unit == ""
    assert (
        "customAggregationUnits" not in line_channel.requests_for("multicast")[-1].body
    )
    html = admin_client.get(f"/admin/line/deliveries/{second.pk}/").content.decode()
    assert "LINEの統計の対象ではありません" in html


def test_statistics_runs_stay_within_the_hourly_insight_budget(
    line_channel, news_index, topics, settings, django_capture_on_commit_callbacks
):
    settings.LINE_INSIGHT_REQUESTS_PER_HOUR = 2
    make_friend()
    make_friend(topics=[topics["event"]])
    for title in ("一", "二", "三"):
        _publish(news_index, topics, django_capture_on_commit_callbacks, title=title)
    assert refresh_delivery_statistics() == 2
    assert refresh_delivery_statistics() == 0
    assert len(line_channel.requests_for("getStatisticsPerUnit")) == 2


def _block(client, friend, at: datetime.datetime, capture) -> None:
    event = base_event(
        "unfollow",
        friend.line_user_id,
        reply_token=None,
        timestamp=int(at.timestamp() * 1000),
    )
    with capture(execute=True):
        post_webhook(client, body_for(event), "fake-channel-secret")


def test_blocks_after_a_send_are_counted_to_that_send_per_topic_and_area(
    line_channel,
    news_index,
    topics,
    client,
    admin_client,
    django_capture_on_commit_callbacks,
):
    kuba = AreaFactory(name="玖波")
    recipients = [make_friend(topics=[topics["gomi"]], areas=[kuba]) for _ in range(3)]
    recipients.append(make_friend())
    others = [make_friend(topics=[topics["event"]]) for _ in range(2)]
    _, delivery = _publish(news_index, topics, django_capture_on_commit_callbacks)
    sent = timezone.now() - datetime.timedelta(days=10)
    delivery.requests.update(accepted_at=sent)

    _block(
        client,
        recipients[0],
        sent + datetime.timedelta(hours=2),
        django_capture_on_commit_callbacks,
    )
    _block(
        client,
        recipients[3],
        sent + datetime.timedelta(hours=5),
        django_capture_on_commit_callbacks,
    )
    _block(
        client,
        recipients[1],
        sent + datetime.timedelta(days=3),
        django_capture_on_commit_callbacks,
    )
    _block(
        client,
        recipients[2],
        sent + datetime.timedelta(days=8),
        django_capture_on_commit_callbacks,
    )
    _block(
        client,
        others[0],
        sent + datetime.timedelta(hours=1),
        django_capture_on_commit_callbacks,
    )
    assert FriendEvent.objects.filter(kind=FriendEvent.Kind.BLOCK).count() == 5

    html = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/").content.decode()
    assert 'data-blocks-day="2" data-blocks-week="3"' in html
    # Per topic and 地区 of those who blocked: two had chosen ごみ and 玖波.
    assert "<td>トピック</td><td>ごみ</td><td>1</td><td>2</td>" in html
    assert "<td>地区</td><td>玖波</td><td>1</td><td>2</td>" in html
    assert (
        "<td>トピック</td><td>指定なし（すべて受信）</td><td>1</td><td>1</td>" in html
    )

    csv = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/report.csv")
    assert csv.content.startswith("\ufeff".encode())
    text = csv.content.decode("utf-8-sig")
    assert "配信後24時間のブロック,2" in text and "配信後7日間のブロック,3" in text


def test_a_block_is_counted_only_to_the_last_send_the_friend_received(
    line_channel,
    news_index,
    topics,
    client,
    admin_client,
    django_capture_on_commit_callbacks,
):
    first_only, both = make_friend(), make_friend()
    make_friend(topics=[topics["event"]])  # not for ごみ: the sends are multicasts
    _, first = _publish(news_index, topics, django_capture_on_commit_callbacks)
    sent = timezone.now() - datetime.timedelta(days=10)
    first.requests.update(accepted_at=sent)
    first_only.delete()  # gone before the second send, so only the first reached them
    _, second = _publish(
        news_index, topics, django_capture_on_commit_callbacks, title="資源ごみの日"
    )
    second.requests.update(accepted_at=sent + datetime.timedelta(days=1))

    _block(
        client,
        both,
        sent + datetime.timedelta(days=1, hours=3),
        django_capture_on_commit_callbacks,
    )

    first_html = admin_client.get(f"/admin/line/deliveries/{first.pk}/").content
    second_html = admin_client.get(f"/admin/line/deliveries/{second.pk}/").content
    assert b'data-blocks-day="0" data-blocks-week="0"' in first_html
    assert b'data-blocks-day="1" data-blocks-week="1"' in second_html


def test_delivery_list_opens_the_report_and_offers_no_add_form(
    line_channel, news_index, topics, admin_client, django_capture_on_commit_callbacks
):
    make_friend()
    make_friend(topics=[topics["event"]])
    _, delivery = _publish(news_index, topics, django_capture_on_commit_callbacks)
    listing = admin_client.get("/admin/delivery/").content.decode()
    assert f'href="/admin/line/deliveries/{delivery.pk}/"' in listing
    assert "LINE配信を追加" not in listing
    assert f"/admin/delivery/edit/{delivery.pk}/" not in listing
    assert admin_client.get(f"/admin/delivery/edit/{delivery.pk}/").status_code in (
        302,
        403,
        404,
    )


def test_friend_statistics_csv(line_channel, admin_client):
    make_friend()
    FriendEvent.objects.create(kind=FriendEvent.Kind.FOLLOW, at=timezone.now())
    response = admin_client.get("/admin/line/friends/statistics.csv?days=7")
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("日付,友だち数,友だち追加,ブロック")
    assert len(lines) == 8
    assert lines[-1].split(",")[1:4] == ["1", "1", "0"]


def test_lines_follower_figures_are_stored_per_day_for_the_dashboard(
    line_channel, admin_client
):
    from line_delivery.delivery_reports.models import LineFollowerCount
    from line_delivery.delivery_reports.tasks import refresh_line_follower_counts

    users = line_channel.add_followers(4)
    long_ago = line_channel.now() - 10 * 86400
    for user_id in users:
        line_channel.app.users[user_id].followed_at = long_ago
    line_channel.block(users[0])  # today: not in yesterday's figures

    assert refresh_line_follower_counts() == 7
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    figures = LineFollowerCount.objects.get(date=yesterday)
    assert (figures.followers, figures.blocks) == (4, 0)
    assert refresh_line_follower_counts() == 0, (
        "days already stored are not asked again"
    )
    assert len(line_channel.requests_for("getNumberOfFollowers")) == 7

    csv = admin_client.get("/admin/line/friends/statistics.csv?days=3")
    assert csv.content.decode("utf-8-sig").splitlines()[2].endswith(",4,0")
