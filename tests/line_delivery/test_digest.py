"""まとめて配信: pages of non-urgent topics wait and go out together, once a day.

Every friend gets, at the city's digest time, one carousel of the pages they would
have got one by one — exactly once, whatever LINE answers and however often the beat
task runs. Urgent pages and pages with a topic sent at once are not held.
"""

import datetime

from django.utils import timezone

import pytest

from line_delivery import tasks
from line_delivery.delivery_reports.models import DeliveryGuardrailSettings
from line_delivery.digest.models import DigestEntry
from line_delivery.digest.sending import digest_date_for
from line_delivery.models import Delivery, Friend
from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    NewsPageFactory,
    TopicFactory,
)

from .conftest import make_friend
from .test_publish_delivery import publish


pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_topics(topics):
    """イベント and 子育て go out in the digest; ごみ and 防災 at once."""
    topics["event"].digest = True
    topics["event"].save()
    topics["kosodate"] = TopicFactory(name="子育て", slug="kosodate", digest=True)
    return topics


def news(news_index, title, *topic_list):
    page = NewsPageFactory(parent=news_index, title=title, live=False)
    page.topics.set(topic_list)
    return page


def digest_moment(minutes_after: int = 1) -> str:
    """The digest time of the day the pages published now go out, and a bit."""
    day = digest_date_for()
    at = datetime.datetime.combine(day, DeliveryGuardrailSettings.load().digest_time)
    moment = timezone.make_aware(at) + datetime.timedelta(minutes=minutes_after)
    return moment.isoformat()


def run_digest(capture, minutes_after: int = 1) -> int:
    with capture(execute=True):
        return tasks.send_due_digest(digest_moment(minutes_after))


def bubble_titles(received) -> list[str]:
    return [
        bubble["body"]["contents"][1]["text"]
        for bubble in received.message["contents"]["contents"]
    ]


@pytest.fixture
def residents(digest_topics):
    return {
        "events": make_friend(topics=[digest_topics["event"]]),
        "kosodate": make_friend(topics=[digest_topics["kosodate"]]),
        "both": make_friend(topics=[digest_topics["event"], digest_topics["kosodate"]]),
        "everything": make_friend(),  # chose nothing: receives every topic
        "gomi": make_friend(topics=[digest_topics["gomi"]]),
        "blocked": make_friend(
            topics=[digest_topics["event"]], status=Friend.Status.BLOCKED
        ),
    }


def test_digest_pages_wait_and_go_out_once_as_one_carousel_per_friend(
    line_channel,
    news_index,
    digest_topics,
    residents,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    festival = publish(
        news(news_index, "市民まつりのご案内", digest_topics["event"]), capture
    )
    checkup = publish(
        news(news_index, "乳幼児健診の日程", digest_topics["kosodate"]), capture
    )

    # Published, but nothing goes out yet: not at once, not before the digest time.
    assert line_channel.requests_for("multicast") == []
    assert line_channel.requests_for("broadcast") == []
    assert not Delivery.objects.exists()
    assert run_digest(capture, minutes_after=-1) == 0
    assert line_channel.requests_for("multicast") == []

    # At the digest time: one message per friend, the pages they chose side by side.
    run_digest(capture)
    fake = line_channel
    for key in ("both", "everything"):
        [received] = fake.received(residents[key].line_user_id)
        assert received.message["contents"]["type"] == "carousel"
        assert bubble_titles(received) == ["市民まつりのご案内", "乳幼児健診の日程"]
        assert received.message["altText"].startswith("今日のお知らせ（2件）")
    [events_only] = fake.received(residents["events"].line_user_id)
    assert bubble_titles(events_only) == ["市民まつりのご案内"]
    assert events_only.message["altText"].startswith("今日のお知らせ（1件）")
    [kosodate_only] = fake.received(residents["kosodate"].line_user_id)
    assert bubble_titles(kosodate_only) == ["乳幼児健診の日程"]
    assert fake.received(residents["gomi"].line_user_id) == []
    assert fake.received(residents["blocked"].line_user_id) == []

    # Friends with the same pages share one multicast; every user id appears once.
    multicasts = fake.requests_for("multicast")
    assert len(multicasts) == 3
    user_ids = [uid for request in multicasts for uid in request.body["to"]]
    assert len(user_ids) == len(set(user_ids)) == 4
    assert sorted(len(r.body["messages"]) for r in multicasts) == [1, 1, 1]

    deliveries = Delivery.objects.filter(kind=Delivery.Kind.DIGEST)
    assert {d.status for d in deliveries} == {Delivery.Status.COMPLETED}
    assert sum(d.accepted_recipients for d in deliveries) == 4
    assert DigestEntry.objects.filter(run__isnull=False).count() == 2

    # The beat task runs again (every 5 minutes): nothing more goes out today.
    assert run_digest(capture, minutes_after=6) == 0
    assert len(fake.requests_for("multicast")) == 3
    # Re-publishing an edit of a page that went out in the digest does not resend it.
    festival.title = "市民まつりのご案内（訂正）"
    publish(festival, capture)
    run_digest(capture, minutes_after=11)
    assert len(fake.requests_for("multicast")) == 3
    assert checkup.live


def test_a_line_500_after_accepting_and_the_retry_reach_nobody_twice(
    line_channel,
    news_index,
    digest_topics,
    residents,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    publish(news(news_index, "市民まつり", digest_topics["event"]), capture)
    publish(news(news_index, "健診のお知らせ", digest_topics["kosodate"]), capture)
    # LINE delivers the first attempts but answers 500; we retry with the same keys.
    line_channel.faults.fail_after_accept(
        rate=1.0, status=500, count=2, endpoints=["multicast"]
    )
    line_channel.faults.next_n(1, status=500, endpoints=["multicast"])

    run_digest(capture)
    run_digest(capture, minutes_after=6)

    for key in ("events", "kosodate", "both", "everything"):
        assert len(line_channel.received(residents[key].line_user_id)) == 1
    statuses = [r.status for r in line_channel.requests_for("multicast")]
    assert 500 in statuses and 409 in statuses
    deliveries = Delivery.objects.filter(kind=Delivery.Kind.DIGEST)
    assert {d.status for d in deliveries} == {Delivery.Status.COMPLETED}
    assert sum(d.accepted_recipients for d in deliveries) == 4


def test_a_worker_lost_after_planning_is_resumed_without_sending_twice(
    line_channel,
    news_index,
    digest_topics,
    residents,
    django_capture_on_commit_callbacks,
):
    from django.utils.dateparse import parse_datetime

    from line_delivery.digest.sending import send_due

    capture = django_capture_on_commit_callbacks
    publish(news(news_index, "市民まつり", digest_topics["event"]), capture)
    # The worker plans the digest and dies before queueing a single request.
    with capture(execute=True):
        planned = send_due(parse_datetime(digest_moment()))
    assert planned and line_channel.requests_for("multicast") == []

    # The beat's next digest run does not plan it again; the stalled-delivery sweep
    # sends the committed plan, with its retry keys.
    assert run_digest(capture, minutes_after=6) == 0
    Delivery.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=1))
    with capture(execute=True):
        tasks.resume_stalled_deliveries(stalled_after_seconds=20)
    for key in ("events", "both", "everything"):
        assert len(line_channel.received(residents[key].line_user_id)) == 1
    assert line_channel.received(residents["kosodate"].line_user_id) == []


def test_urgent_pages_and_pages_with_an_immediate_topic_go_at_once(
    line_channel,
    home_page,
    news_index,
    digest_topics,
    residents,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    notice = DisasterNoticePageFactory(
        parent=DisasterIndexPageFactory(parent=home_page),
        title="避難所の開設について",
        level=0,
        live=False,
    )
    notice.topics.set([digest_topics["event"]])
    publish(notice, capture)
    mixed = publish(
        news(
            news_index,
            "ごみ出しとイベントのお知らせ",
            digest_topics["event"],
            digest_topics["gomi"],
        ),
        capture,
    )

    # Both went out when published, each as its own message.
    notice_message, mixed_message = line_channel.received(
        residents["events"].line_user_id
    )
    assert "避難所の開設について" in notice_message.message["altText"]
    assert "ごみ出しとイベントのお知らせ" in mixed_message.message["altText"]
    [gomi_message] = line_channel.received(residents["gomi"].line_user_id)
    assert "ごみ出しとイベントのお知らせ" in gomi_message.message["altText"]
    assert Delivery.objects.get(page=mixed).kind == Delivery.Kind.PUBLISH
    assert not DigestEntry.objects.exists()
    # Nothing is left for the digest.
    assert run_digest(capture) == 0


def test_a_page_unpublished_before_the_digest_is_not_in_it(
    line_channel,
    news_index,
    digest_topics,
    residents,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    kept = publish(news(news_index, "市民まつり", digest_topics["event"]), capture)
    withdrawn = publish(
        news(news_index, "中止した講座", digest_topics["event"]), capture
    )
    deleted = publish(news(news_index, "削除した記事", digest_topics["event"]), capture)
    with capture(execute=True):
        withdrawn.unpublish()
        deleted.delete()
    assert list(DigestEntry.objects.values_list("page_id", flat=True)) == [kept.pk]

    run_digest(capture)
    [received] = line_channel.received(residents["events"].line_user_id)
    assert bubble_titles(received) == ["市民まつり"]


def test_more_than_twelve_pages_are_several_carousels_in_one_request(
    line_channel,
    news_index,
    digest_topics,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    friend = make_friend(topics=[digest_topics["event"]])
    for number in range(13):
        publish(news(news_index, f"イベント{number}", digest_topics["event"]), capture)

    run_digest(capture)
    [request] = line_channel.requests_for("multicast")
    assert [len(m["contents"]["contents"]) for m in request.body["messages"]] == [
        12,
        1,
    ]
    first, second = line_channel.received(friend.line_user_id)
    assert first.message["altText"].startswith("今日のお知らせ（13件） 1/2")
    assert second.message["altText"].startswith("今日のお知らせ（13件） 2/2")


def test_editors_are_told_the_page_waits_and_see_it_in_its_report(
    line_channel,
    news_index,
    digest_topics,
    residents,
    admin_client,
    django_capture_on_commit_callbacks,
):
    from tests.home.test_admin_editing import news_form

    capture = django_capture_on_commit_callbacks
    page = news(news_index, "市民まつり", digest_topics["event"])
    page.save_revision()
    data = news_form(slug=page.slug, title="市民まつり", send_to_line="on")
    data["topics"] = [str(digest_topics["event"].pk)]
    data["action-publish"] = "action-publish"
    with capture(execute=True):
        response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)
    html = response.content.decode()
    assert "のまとめて配信で送られます" in html
    assert "18:00のまとめて配信で送られます" in html
    assert line_channel.requests_for("multicast") == []

    report_url = f"/admin/line/pages/{page.pk}/deliveries/"
    report = admin_client.get(report_url).content.decode()
    assert "data-digest-queued" in report and "18:00のまとめて配信" in report

    run_digest(capture)
    report = admin_client.get(report_url).content.decode()
    assert "data-digest-queued" not in report
    assert "まとめて配信" in report and "完了" in report


def test_friends_line_refused_get_the_digest_from_the_report_and_nobody_twice(
    line_channel,
    news_index,
    digest_topics,
    residents,
    admin_client,
    django_capture_on_commit_callbacks,
):
    from cms.models import AuditEntry

    capture = django_capture_on_commit_callbacks
    page = publish(news(news_index, "市民まつり", digest_topics["event"]), capture)
    # LINE refuses the digest's one multicast (a 400: it was never delivered).
    line_channel.faults.next_n(1, status=400, endpoints=["multicast"])
    run_digest(capture)
    delivery = Delivery.objects.get(kind=Delivery.Kind.DIGEST)
    assert delivery.status == Delivery.Status.FAILED
    entry = AuditEntry.objects.get(action="delivery.digest")
    assert entry.details["page_ids"] == [page.pk]
    assert entry.details["delivery_ids"] == [delivery.pk]

    # The digest's report lists its pages and offers 「未送信の人にだけ送る」.
    detail = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/").content
    assert "data-digest-pages" in detail.decode() and "市民まつり" in detail.decode()
    with capture(execute=True):
        response = admin_client.post(
            f"/admin/line/deliveries/{delivery.pk}/resend-missing/"
        )
    assert response.status_code == 302
    for key in ("events", "both", "everything"):
        [received] = line_channel.received(residents[key].line_user_id)
        assert bubble_titles(received) == ["市民まつり"]


def test_the_editor_says_when_a_digest_page_will_go_and_skips_the_night_warning(
    line_channel, news_index, digest_topics, residents, admin_client
):
    from .test_guardrails import preview, quiet_now

    quiet_now(DeliveryGuardrailSettings.load())  # it is night: 配信を控える時間帯
    add_url = f"/admin/pages/add/home/newspage/{news_index.pk}/"

    held = preview(
        admin_client, add_url, send_to_line="on", topics=[digest_topics["event"].pk]
    )
    assert held["text"].startswith("公開すると18:00のまとめて配信で 3 人の友だちに")
    assert held["warnings"] == []  # it is not sent now, but at 18:00
    at_once = preview(
        admin_client, add_url, send_to_line="on", topics=[digest_topics["gomi"].pk]
    )
    assert at_once["text"].startswith("公開すると 2 人の友だちに")
    assert any("配信を控える時間帯" in warning for warning in at_once["warnings"])


def test_the_beat_runs_the_digest_every_five_minutes(settings):
    from cms.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["line-digest"]
    assert entry["task"] == "line_delivery.tasks.send_due_digest"
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(0, 60, 5))
