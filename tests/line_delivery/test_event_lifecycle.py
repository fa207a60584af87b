"""Disaster notices follow their event to its end: chains of mails, what residents see
after each one (top page, LIFF banner, notice page, feed, API), and who on the fake
LINE got which follow-up, exactly once."""

import datetime

from django.utils import timezone

import pytest

from cms.models import AuditEntry
from home import notice_lifecycle
from home.models import EventKind, HazardDuration, NoticeEnding
from line_delivery.chat.postbacks import disaster_latest
from line_delivery.mail_bridge.ingest import ingest
from line_delivery.models import (
    Delivery,
    IncomingMail,
    TrustedSender,
)
from line_delivery.tasks import send_follow_ups

from .conftest import make_friend
from .lifecycle_helpers import (
    banner_titles,
    enter_disaster_mode,
    feed,
    follow_ups,
    fresh,
    home_alerts,
    mail_bytes,
    texts,
)
from .liff_helpers import liff_login
from .mail_helpers import sample


pytestmark = pytest.mark.django_db


def test_raise_extend_partial_lift_full_lift(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    in_hizukuri = make_friend(areas=[city["比作"]])
    in_kino = make_friend(areas=[city["木野"]])
    anywhere = make_friend()
    in_kuba = make_friend(areas=[city["玖波"]])

    # 1. Lv3 for two 地区.
    lv3 = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "６時４０分、比作地区と木野地区を対象として「警戒レベル３　高齢者等避難」を発令しました。",
            "【防災情報】第1報 高齢者等避難",
        ),
        capture,
    )
    assert lv3.in_force and lv3.level == 3
    assert "第1報" in home_alerts(client)
    assert texts(line_channel, in_kuba) == []

    # 2. Raised to Lv4 in 木野: the Lv3 stays in force for 比作 only.
    lv4 = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "木野地区に「警戒レベル４　避難指示」を発令しました。",
            "【防災情報】第2報 避難指示",
        ),
        capture,
    )
    lv3 = fresh(lv3)
    assert lv3.in_force and lv3.lifecycle.partly_ended
    assert {(line.area, line.status) for line in lv3.event_lines} == {
        ("比作", "in_force"),
        ("木野", "superseded"),
    }
    assert lv4.in_force and lv4.level == 4

    # 3. Extended: the newest notice carries the event, the older steps aside.
    extended = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "木野地区に発令中の「警戒レベル４　避難指示」は、引き続き継続します。",
            "【防災情報】第3報 避難指示継続",
        ),
        capture,
    )
    lv4 = fresh(lv4)
    assert not lv4.in_force and lv4.end_label == "新しい情報に更新"
    alerts = home_alerts(client)
    assert "第1報" in alerts and "第3報" in alerts and "第2報" not in alerts
    assert follow_ups(line_channel, anywhere) == []  # nothing ended yet

    # 4. Partial lift: 比作's Lv3 ends; 木野's Lv4 goes on.
    partial = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "比作地区に発令していた「警戒レベル３　高齢者等避難」は、１２時をもって解除しました。\n"
            "木野地区の「警戒レベル４　避難指示」は継続します。",
            "【防災情報】第4報 高齢者等避難の一部解除",
        ),
        capture,
    )
    lv3, extended = fresh(lv3), fresh(extended)
    # 比作 lifted, 木野 carried on by the newer notices: it reads as updated.
    assert not lv3.in_force and lv3.end_label == "新しい情報に更新"
    assert lv3.ended_at is not None
    assert not extended.in_force  # superseded by the 4th
    # The level header is the state after the mail, for the 地区 it is still in force.
    assert partial.in_force and partial.level == 4
    assert partial.area_names() == ["木野"]
    [hizukuri_follow_up] = follow_ups(line_channel, in_hizukuri)
    assert hizukuri_follow_up.startswith("【解除】") and "比作" in hizukuri_follow_up
    assert "高齢者等避難" in hizukuri_follow_up
    assert not any(
        t.startswith("【警戒レベル4") for t in texts(line_channel, in_hizukuri)
    )
    alerts = home_alerts(client)
    assert "第4報" in alerts and "第1報" not in alerts and "第3報" not in alerts

    # 5. Full lift: every notice of the 木野 chain ends; each recipient is told once.
    lift = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "木野地区に発令していた「警戒レベル４　避難指示」を、１６時に解除しました。",
            "【防災情報】第5報 避難指示の解除",
        ),
        capture,
    )
    for notice in (lv3, lv4, extended, partial):
        notice = fresh(notice)
        assert not notice.in_force
        assert notice.lifecycle.state == "ended"
    assert not lift.in_force  # a mail that only lifts reads as 解除
    assert home_alerts(client) == ""
    kino_follow_ups = follow_ups(line_channel, in_kino)
    assert len(kino_follow_ups) == 2  # 比作's end (they got the 1st), then 木野's
    assert "木野" in kino_follow_ups[1] and kino_follow_ups[1].startswith("【解除】")
    assert len(follow_ups(line_channel, anywhere)) == 2
    assert len(follow_ups(line_channel, in_hizukuri)) == 1
    assert texts(line_channel, in_kuba) == []
    # Their follow-up replaced the lifting notice itself on LINE.
    assert not any("第5報" in t for t in texts(line_channel, in_kino))

    # Exactly once: the task run again sends nothing more.
    before = len(line_channel.deliveries)
    for ending in NoticeEnding.objects.all():
        with django_capture_on_commit_callbacks(execute=True):
            send_follow_ups(ending.pk)
    assert len(line_channel.deliveries) == before

    # Every channel reads the same state.
    page = client.get(lv3.url).content.decode()
    assert "【解除】" in page and "比作: 警戒レベル3（高齢者等避難） — 解除" in page
    feed_xml = client.get("/feeds/disaster/").content.decode()
    assert "【解除】第1報" in feed_xml
    api = client.get(f"/api/v1/disaster-notices/{lv3.pk}/").json()
    assert api["state"] == "lifted" and api["lifted_at"]
    in_force = client.get("/api/v1/disaster-notices/?state=in_force").json()
    assert in_force["items"] == [] and in_force["meta"]["total_count"] == 0


def test_a_ferry_suspension_ends_when_it_sails_again(
    city, line_channel, liff_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    islander = make_friend(areas=[city["阿多田"]])
    viewer = make_friend()
    enter_disaster_mode()
    liff = client.__class__()
    liff_login(liff, liff_channel, viewer)

    cancelled = feed(
        mail_bytes(
            "【令和8年10月3日7時20分の防災行政無線放送内容】\nこちらは防災大竹市役所です。\n"
            "阿多田島汽船のフェリーは、強い風と高波のため、本日は小方港8時30分発の便から、"
            "すべての便が欠航となります。\n"
            "運航を再開する時刻が決まりましたら、あらためてお知らせします。",
            "【交通情報】阿多田島汽船フェリー欠航",
        ),
        capture,
    )
    assert cancelled.in_force
    assert "フェリー欠航" in home_alerts(client)
    assert "フェリー欠航" in banner_titles(liff, "/liff/calendar/")
    assert "フェリー欠航" in str(disaster_latest(viewer, {}))  # the chat's answer

    resumed = feed(
        mail_bytes(
            "風と波がおさまってきたため、阿多田島汽船のフェリーは、"
            "小方港１４時発の便から通常どおり運航します。",
            "【交通情報】阿多田島汽船の運航について",
        ),
        capture,
    )
    cancelled = fresh(cancelled)
    assert not cancelled.in_force and cancelled.end_label == "運航再開"
    assert not resumed.in_force
    assert home_alerts(client) == ""
    assert "フェリー欠航" not in banner_titles(liff, "/liff/calendar/")
    assert "いま発表中の防災情報はありません" in banner_titles(liff, "/liff/calendar/")
    [answer] = disaster_latest(viewer, {})
    assert answer["text"] == "いま発表中の防災情報はありません。"
    api = client.get(f"/api/v1/disaster-notices/{cancelled.pk}/").json()
    assert api["state"] == "lifted" and api["end_label"] == "運航再開"
    [follow_up] = follow_ups(line_channel, islander)
    assert follow_up.startswith("【運航再開】")
    assert "運航再開" in client.get(cancelled.url).content.decode()


def test_a_water_outage_ends_when_restored_not_when_partly_restored(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    in_kuba = make_friend(areas=[city["玖波"]])
    outage = feed(
        mail_bytes(
            "上下水道局からお知らせします。\n"
            "玖波地区で水道管が破損したため、現在、玖波地区の一部で断水しています。\n"
            "復旧まで、しばらくお待ちください。",
            "断水のお知らせ",
        ),
        capture,
    )
    partly = feed(
        mail_bytes(
            "上下水道局からお知らせします。\n"
            "玖波地区の断水は、一部で復旧しましたが、玖波４丁目付近では引き続き断水しています。",
            "断水の状況について",
        ),
        capture,
    )
    assert partly.in_force and not fresh(outage).in_force  # updated, not ended
    assert fresh(outage).lifecycle.state == "superseded"
    assert follow_ups(line_channel, in_kuba) == []

    feed(
        mail_bytes(
            "上下水道局からお知らせします。\n玖波地区の断水は、１２時に復旧しました。",
            "断水の復旧について",
        ),
        capture,
    )
    for notice in (outage, partly):
        assert fresh(notice).end_label == "復旧"
    assert home_alerts(client) == ""
    [follow_up] = follow_ups(line_channel, in_kuba)  # one, though they got two notices
    assert follow_up.startswith("【復旧】")


def test_a_missing_person_found_ends_the_search(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    someone = make_friend()
    missing = feed(sample("13-missing-elderly-man-html-alt.eml"), capture)
    # The sample's date is in the past: staff extend the search so it shows again.
    notice_lifecycle.extend_notice(missing, None, 24)
    assert fresh(missing).in_force
    found = feed(
        mail_bytes(
            "こちらは防災大竹市役所です。\n大竹警察署からお知らせします。\n"
            "本日お知らせした、行方が分からなくなっていた玖波地区の80歳の男性は、"
            "無事に保護されました。\nご協力ありがとうございました。",
            "行方不明者の発見について",
        ),
        capture,
    )
    missing = fresh(missing)
    assert not missing.in_force and missing.end_label == "発見"
    assert not found.in_force
    [follow_up] = follow_ups(line_channel, someone)
    assert follow_up.startswith("【発見】")


def test_citywide_and_district_parts_of_one_lift_mail_both_end(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    in_matsu = make_friend(areas=[city["松ケ原"]])
    in_kuba = make_friend(areas=[city["玖波"]])
    citywide = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "市内全域に「警戒レベル３　高齢者等避難」を発令しました。",
            "【防災情報】全域 高齢者等避難",
        ),
        capture,
    )
    district = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "松ケ原地区に「警戒レベル４　避難指示」を発令しました。",
            "【防災情報】松ケ原 避難指示",
        ),
        capture,
    )
    assert citywide.area_names() == [] and district.area_names() == ["松ケ原"]
    assert fresh(citywide).in_force and district.in_force

    lift = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "市内全域に発令していた「警戒レベル３　高齢者等避難」と、"
            "松ケ原地区に発令していた「警戒レベル４　避難指示」を、１５時に解除しました。",
            "【防災情報】避難情報の解除",
        ),
        capture,
    )
    assert not fresh(citywide).in_force and not fresh(district).in_force
    assert "解除" in IncomingMail.objects.get(page_id=lift.pk).outcome_detail
    # 松ケ原 got both notices and hears of the end once; 玖波 got the citywide one.
    [matsu] = follow_ups(line_channel, in_matsu)
    assert "市内全域" in matsu and "松ケ原" in matsu
    assert len(follow_ups(line_channel, in_kuba)) == 1
    assert Delivery.objects.filter(kind=Delivery.Kind.FOLLOW_UP).count() == 2
    assert home_alerts(client) == ""


def test_a_notice_without_a_level_stops_being_in_force_after_its_hours(
    city, client, django_capture_on_commit_callbacks
):
    HazardDuration.objects.filter(hazard="wildlife").update(hours=2)
    three_hours_ago = timezone.now() - datetime.timedelta(hours=3)
    bear = feed(
        mail_bytes(
            "産業振興課からお知らせします。\n穂仁原地区の林道の入口付近で、クマを見かけたとの連絡がありました。",
            "クマの目撃について",
            when=three_hours_ago,
        ),
        django_capture_on_commit_callbacks,
    )
    assert not bear.in_force and bear.lifecycle.state == "expired"
    assert "クマの目撃" not in home_alerts(client)
    notice_lifecycle.extend_notice(bear, None, 6)
    assert fresh(bear).in_force and "クマの目撃" in home_alerts(client)
    HazardDuration.objects.filter(hazard="wildlife").update(hours=24)
    assert fresh(bear).in_force


def test_staff_end_a_notice_in_one_click_and_it_is_audit_logged(
    city, admin_client, line_channel, client, django_capture_on_commit_callbacks
):
    someone = make_friend()
    notice = feed(
        mail_bytes(
            "市内全域に「警戒レベル４　避難指示」を発令しました。",
            "【防災情報】全域 避難指示",
        ),
        django_capture_on_commit_callbacks,
    )
    screen = admin_client.get("/admin/notices/in-force/").content.decode()
    assert "全域 避難指示" in screen and "終了する" in screen
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/notices/{notice.pk}/end/")
    assert response.status_code == 302
    assert not fresh(notice).in_force
    assert AuditEntry.objects.filter(action="notice.end").count() == 1
    [follow_up] = follow_ups(line_channel, someone)
    assert follow_up.startswith("【解除】")
    screen = admin_client.get("/admin/notices/in-force/").content.decode()
    assert f'id="notice-{notice.pk}"' not in screen
    assert (
        admin_client.post(
            f"/admin/notices/{notice.pk}/extend/", {"hours": "x"}
        ).status_code
        == 302
    )


def test_end_words_are_staff_word_lists_in_the_admin(admin_client, city):
    listing = admin_client.get("/admin/snippets/home/eventkind/").content.decode()
    for name in (
        "欠航（船）",
        "運休（バス・鉄道）",
        "断水",
        "通行止め",
        "行方不明者の捜索",
    ):
        assert name in listing
    kind = EventKind.objects.get(name="欠航（船）")
    edit = admin_client.get(f"/admin/snippets/home/eventkind/edit/{kind.pk}/")
    assert (
        "運航を再開" in edit.content.decode()
        and "終わりを示す語" in edit.content.decode()
        and "路線・航路名の終わりの語" in edit.content.decode()
    )


def test_a_drafted_lift_ends_the_notice_only_when_staff_publish_it(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    someone = make_friend()
    order = feed(
        mail_bytes(
            "油見地区に警戒レベル４「避難指示」を発令しました。",
            "【防災情報】油見 避難指示",
        ),
        capture,
    )
    TrustedSender.objects.update(action=TrustedSender.Action.DRAFT)
    with capture(execute=True):
        mail = ingest(
            mail_bytes("油見地区の避難指示を解除しました。", "【防災情報】油見 解除")
        )
    assert mail.outcome == IncomingMail.Outcome.DRAFTED
    assert fresh(order).in_force  # a draft ends nothing
    assert follow_ups(line_channel, someone) == []

    draft = fresh(mail.page_id)
    with capture(execute=True):
        draft.get_latest_revision().publish()
    assert not fresh(order).in_force and fresh(order).end_label == "解除"
    [follow_up] = follow_ups(line_channel, someone)
    assert follow_up.startswith("【解除】")

    # A later edit of the lifting notice does not end anything issued since.
    again = feed_published_later(capture)
    with capture(execute=True):
        fresh(draft).save_revision().publish()
    assert fresh(again).in_force
    assert len(follow_ups(line_channel, someone)) == 1


def feed_published_later(capture):
    TrustedSender.objects.update(action=TrustedSender.Action.PUBLISH)
    return feed(
        mail_bytes(
            "油見地区に警戒レベル４「避難指示」を再び発令しました。",
            "【防災情報】油見 避難指示 再発令",
        ),
        capture,
    )
