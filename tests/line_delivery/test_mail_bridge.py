"""The 防災情報メール bridge: sample mails in, disaster notices and LINE messages out."""

import base64
import io
import json
import os
import subprocess
import sys
import uuid

from django.core import mail as django_mail
from django.core.management import call_command
from django.utils import timezone

import pytest
import redis

from home.models import Area, DisasterNoticePage, Shelter, ShelterStatus
from line_delivery.mail_bridge.ingest import ingest
from line_delivery.models import (
    Delivery,
    IncomingMail,
    MailBridgeSettings,
    TrustedSender,
)
from line_delivery.tasks import ingest_disaster_mail

from .conftest import make_friend
from .mail_helpers import (
    ENCODINGS,
    LEVELS,
    SENDER,
    encode_mail,
    expected,
    sample,
    sample_names,
)


pytestmark = pytest.mark.django_db
EXPECTED = expected()


def ingest_now(raw: bytes, capture) -> IncomingMail:
    """Ingest as the pipe does, running what is queued on commit (the LINE delivery)."""
    with capture(execute=True):
        return ingest(raw)


def assert_reads_as_expected(mail: IncomingMail, name: str) -> None:
    want = EXPECTED[name]
    assert mail.text == want["body_text"]
    reading = mail.reading
    assert reading["level"] == LEVELS[want["level"]]
    assert set(reading["areas"]) == set(want["areas"])
    assert reading["area_limited"] == want["area_limited"]
    assert set(reading["lifts"]) == set(want["lifts"])
    assert reading["mail_only"] == want["mail_only"]
    assert set(reading["shelters_opened"]) == set(want["shelters_opened"])
    assert set(reading["shelters_closed"]) == set(want["shelters_closed"])


@pytest.mark.parametrize("name", sample_names())
def test_each_sample_becomes_a_notice_with_the_right_text_level_and_areas(
    name, places, disaster_index, publishing_sender, django_capture_on_commit_callbacks
):
    mail = ingest_now(sample(name), django_capture_on_commit_callbacks)

    assert_reads_as_expected(mail, name)
    want = EXPECTED[name]
    page = DisasterNoticePage.objects.get(pk=mail.page_id)
    assert page.level == (LEVELS[want["level"]] or 0)
    assert set(page.area_names()) == set(want["areas"])
    assert set(page.shelter_names()) == set(want["shelters_opened"])
    # The text residents read is the broadcast itself, never the subscriber token.
    body_html = str(page.body)
    assert "uid=" not in body_html and "配信停止" not in body_html
    first_line = want["body_text"].split("\n")[0]
    assert first_line in body_html
    assert len(page.summary) <= 100
    expected_outcome = (
        IncomingMail.Outcome.DRAFTED
        if "【試験】" in mail.subject  # J-ALERT tests stay drafts (default rule)
        else IncomingMail.Outcome.PUBLISHED
    )
    assert mail.outcome == expected_outcome
    assert page.live == (expected_outcome == IncomingMail.Outcome.PUBLISHED)
    assert "【" not in page.title  # the category prefix is dropped


@pytest.mark.parametrize(
    "charset,codec,transfer", ENCODINGS, ids=[f"{c}-{t}" for c, _, t in ENCODINGS]
)
@pytest.mark.parametrize(
    "name",
    [
        "03-bear-sighting-named-areas.eml",
        "05-lv3-elderly-evacuation-two-districts.eml",
        "06-lv5-lifted-lv4-continues.eml",
        "10-task-force-shelters-mail-only.eml",
    ],
)
def test_the_same_text_reads_the_same_in_every_encoding(
    name, charset, codec, transfer, places
):
    text = EXPECTED[name]["body_text"]
    raw = encode_mail(
        text,
        charset=charset,
        codec=codec,
        transfer=transfer,
        message_id=f"<{name}.{charset}.{transfer}@bousai-mail.example.jp>",
        subject="【防災情報】高齢者等避難・松ヶ原のお知らせ",
    )
    mail = ingest(raw)
    assert_reads_as_expected(mail, name)
    assert mail.subject == "【防災情報】高齢者等避難・松ヶ原のお知らせ"
    assert mail.outcome == IncomingMail.Outcome.UNTRUSTED  # no sender trusted here


def test_an_html_only_mail_is_read_from_its_html(places):
    name = "13-missing-elderly-man-html-alt.eml"
    raw = encode_mail(
        EXPECTED[name]["body_text"],
        charset="UTF-8",
        codec="utf-8",
        transfer="quoted-printable",
        html_only=True,
    )
    assert ingest(raw).text == EXPECTED[name]["body_text"]


def test_duplicates_are_kept_but_ignored(
    places,
    disaster_index,
    publishing_sender,
    topics,
    line_channel,
    django_capture_on_commit_callbacks,
):
    friend = make_friend()
    make_friend(
        topics=[topics["gomi"]]
    )  # someone left out: a multicast, not a broadcast
    name = "05-lv3-elderly-evacuation-two-districts.eml"
    first = ingest_now(sample(name), django_capture_on_commit_callbacks)
    same_message = ingest_now(sample(name), django_capture_on_commit_callbacks)
    resent = ingest_now(
        encode_mail(
            EXPECTED[name]["body_text"],
            charset="UTF-8",
            codec="utf-8",
            transfer="base64",
            message_id="<resent-under-a-new-id@bousai-mail.example.jp>",
        ),
        django_capture_on_commit_callbacks,
    )

    assert first.outcome == IncomingMail.Outcome.PUBLISHED
    for duplicate in (same_message, resent):
        assert duplicate.outcome == IncomingMail.Outcome.DUPLICATE
        assert duplicate.duplicate_of == first
        assert duplicate.page is None
    assert DisasterNoticePage.objects.count() == 1
    assert len(line_channel.received(friend.line_user_id)) == 1
    assert IncomingMail.objects.count() == 3  # every mail is kept


def test_an_announced_repeat_broadcast_is_a_duplicate_but_a_new_day_is_not(
    places, disaster_index, publishing_sender, django_capture_on_commit_callbacks
):
    name = "01-fraud-refund-call-repeat-note.eml"
    first = ingest_now(sample(name), django_capture_on_commit_callbacks)
    text = EXPECTED[name]["body_text"]
    repeat = text.replace("10時30分", "16時00分").replace(
        "\n\n※同じ内容を16時00分にも放送予定です。", ""
    )
    repeated = ingest(
        encode_mail(
            repeat,
            charset="UTF-8",
            codec="utf-8",
            transfer="base64",
            message_id="<repeat@bousai-mail.example.jp>",
        )
    )
    assert repeated.outcome == IncomingMail.Outcome.DUPLICATE
    assert repeated.duplicate_of == first

    daily = EXPECTED["08-heat-stroke-alert.eml"]["body_text"]
    ingest(
        encode_mail(
            daily,
            charset="UTF-8",
            codec="utf-8",
            transfer="base64",
            message_id="<heat-1@bousai-mail.example.jp>",
        )
    )
    next_day = ingest(
        encode_mail(
            daily.replace("７月２８日", "７月２９日"),
            charset="UTF-8",
            codec="utf-8",
            transfer="base64",
            message_id="<heat-2@bousai-mail.example.jp>",
        )
    )
    assert next_day.outcome == IncomingMail.Outcome.PUBLISHED


@pytest.mark.parametrize(
    "sender",
    [
        "otake-bousai@bousai-mail.example.com",  # look-alike domain
        "otake-bousai@bousai-maii.example.jp",  # typo domain
        "kikikanri@city.otake.example.jp",  # staff, not added by staff
    ],
)
def test_an_untrusted_sender_creates_nothing_that_is_sent(
    sender,
    places,
    disaster_index,
    publishing_sender,
    line_channel,
    django_capture_on_commit_callbacks,
):
    friend = make_friend()
    raw = sample("05-lv3-elderly-evacuation-two-districts.eml").replace(
        SENDER.encode(), sender.encode()
    )
    mail = ingest_now(raw, django_capture_on_commit_callbacks)

    assert mail.outcome == IncomingMail.Outcome.UNTRUSTED
    assert mail.reading["level"] == 3  # still read, for staff to see
    assert not DisasterNoticePage.objects.exists()
    assert not Delivery.objects.exists()
    assert line_channel.received(friend.line_user_id) == []


def test_a_trusted_mail_reaches_the_friends_of_its_areas_on_line(
    places,
    disaster_index,
    publishing_sender,
    topics,
    line_channel,
    django_capture_on_commit_callbacks,
):
    hizukuri, kuba = Area.objects.get(name="比作"), Area.objects.get(name="玖波")
    in_hizukuri = make_friend(areas=[hizukuri], topics=[topics["bousai"]])
    anywhere = make_friend()
    in_kuba = make_friend(areas=[kuba])
    gomi_only = make_friend(topics=[topics["gomi"]], areas=[hizukuri])

    ingest_now(
        sample("05-lv3-elderly-evacuation-two-districts.eml"),
        django_capture_on_commit_callbacks,
    )

    for friend in (in_hizukuri, anywhere):
        [received] = line_channel.received(friend.line_user_id)
        assert received.text.startswith("【警戒レベル3（高齢者等避難）】")
        assert "木野" in received.text and "比作" in received.text
    assert line_channel.received(in_kuba.line_user_id) == []
    assert line_channel.received(gomi_only.line_user_id) == []
    assert Shelter.objects.get(name="木野集会所").status == ShelterStatus.OPEN


def test_a_draft_rule_alerts_the_duty_staff_and_sends_nothing(
    places, disaster_index, line_channel, django_capture_on_commit_callbacks
):
    TrustedSender.objects.create(address=SENDER, action=TrustedSender.Action.DRAFT)
    config = MailBridgeSettings.load()
    config.duty_staff_emails = "tounban@city.otake.example.jp"
    config.save()
    friend = make_friend()

    mail = ingest_now(
        sample("04-landslide-warning-issued.eml"), django_capture_on_commit_callbacks
    )

    assert mail.outcome == IncomingMail.Outcome.DRAFTED
    page = DisasterNoticePage.objects.get(pk=mail.page_id)
    assert not page.live and page.has_unpublished_changes
    assert line_channel.received(friend.line_user_id) == []
    [alert] = django_mail.outbox
    assert alert.to == ["tounban@city.otake.example.jp"]
    assert "土砂災害警戒情報" in alert.subject
    assert f"/admin/pages/{page.pk}/edit/" in alert.body


def test_a_lifting_mail_lifts_the_notice_and_tells_those_who_got_it(
    places,
    disaster_index,
    publishing_sender,
    topics,
    line_channel,
    django_capture_on_commit_callbacks,
):
    matsu = Area.objects.get(name="松ケ原")
    in_matsu = make_friend(areas=[matsu])
    elsewhere = make_friend(areas=[Area.objects.get(name="玖波")])
    make_friend(
        topics=[topics["gomi"]]
    )  # someone left out: a multicast, not a broadcast
    lv5 = encode_mail(
        "こちらは大竹市災害対策本部です。\n"
        "松ケ原地区に「警戒レベル５　緊急安全確保」を発令しました。",
        charset="ISO-2022-JP",
        codec="iso2022_jp_ext",
        transfer="7bit",
        message_id="<lv5@bousai-mail.example.jp>",
        subject="【防災情報】警戒レベル５緊急安全確保発令",
    )
    original = ingest_now(lv5, django_capture_on_commit_callbacks)
    notice = DisasterNoticePage.objects.get(pk=original.page_id)
    assert notice.level == 5 and notice.area_names() == ["松ケ原"]
    assert len(line_channel.received(in_matsu.line_user_id)) == 1
    assert line_channel.received(elsewhere.line_user_id) == []
    joined_later = make_friend(areas=[matsu])

    lifting = ingest_now(
        sample("06-lv5-lifted-lv4-continues.eml"), django_capture_on_commit_callbacks
    )

    notice.refresh_from_db()
    assert notice.is_lifted
    assert "解除" in lifting.outcome_detail
    lift = Delivery.objects.get(page=notice, kind=Delivery.Kind.FOLLOW_UP)
    assert lift.total_recipients == 1
    texts = line_channel.received_texts(in_matsu.line_user_id)
    # The Lv5 notice, its lifting, and the new city-wide Lv4 notice.
    assert len(texts) == 3
    assert any(t.startswith("【解除】") for t in texts)
    assert not any(
        t.startswith("【解除】")
        for t in line_channel.received_texts(joined_later.line_user_id)
    )
    assert DisasterNoticePage.objects.get(pk=lifting.page_id).level == 4


def test_ingest_mail_reads_a_message_from_stdin_and_from_a_file(
    places, disaster_index, publishing_sender, monkeypatch, tmp_path
):
    raw = sample("11-ferry-cancelled.eml")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("ingest_mail", stdout=out)
    assert "公開・LINE配信" in out.getvalue()

    path = tmp_path / "again.eml"
    path.write_bytes(raw)
    out = io.StringIO()
    call_command("ingest_mail", str(path), stdout=out)
    assert "重複" in out.getvalue()
    assert IncomingMail.objects.filter(is_original=True).count() == 1


def test_a_high_level_mail_proposes_disaster_mode_to_the_duty_staff(
    admin_client,
    places,
    disaster_index,
    publishing_sender,
    django_capture_on_commit_callbacks,
):
    from home.models import DisasterMode

    config = MailBridgeSettings.load()
    config.duty_staff_emails = "tounban@city.otake.example.jp"
    config.save()
    mail = ingest_now(
        sample("10-task-force-shelters-mail-only.eml"),
        django_capture_on_commit_callbacks,
    )
    mode = DisasterMode.load()
    assert not mode.is_active  # proposed only (the default rule)
    assert "災害対策本部を設置" in mode.proposal
    assert "提案" in mail.outcome_detail
    assert any("災害モード" in m.subject for m in django_mail.outbox)
    assert timezone.now() - mode.proposed_at < timezone.timedelta(minutes=1)
    dashboard = admin_client.get("/admin/").content.decode()
    assert "災害モードへの切り替えが提案されています" in dashboard


def run_pipe(raw: bytes, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "line_delivery.mail_bridge.pipe"],
        input=raw,
        capture_output=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


def test_the_light_pipe_queues_the_mail_for_a_worker_to_ingest(
    places, disaster_index, publishing_sender, settings
):
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    queue = f"test-mail-pipe-{uuid.uuid4().hex[:8]}"
    raw = sample("09-typhoon-caution.eml")
    client = redis.Redis.from_url(redis_url)
    try:
        done = run_pipe(
            raw, CELERY_BROKER_URL=redis_url, CELERY_TASK_DEFAULT_QUEUE=queue
        )
        assert done.returncode == 0, done.stderr
        envelope = json.loads(client.lpop(queue))
    finally:
        client.delete(queue)
        client.close()
    assert envelope["headers"]["task"] == "line_delivery.tasks.ingest_disaster_mail"
    args, _kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))

    ingest_disaster_mail(*args)  # what the worker runs
    mail = IncomingMail.objects.get()
    assert mail.outcome == IncomingMail.Outcome.PUBLISHED
    assert mail.text == EXPECTED["09-typhoon-caution.eml"]["body_text"]


def test_the_pipe_asks_the_mail_server_to_retry_when_the_broker_is_down():
    done = run_pipe(
        sample("09-typhoon-caution.eml"), CELERY_BROKER_URL="redis://127.0.0.1:9/0"
    )
    assert done.returncode == 75  # EX_TEMPFAIL: the mail server keeps the mail
    assert run_pipe(b"").returncode == 65


def test_staff_see_every_mail_and_edit_the_rules_in_the_admin(
    admin_client, places, disaster_index, publishing_sender
):
    mail = ingest(sample("03-bear-sighting-named-areas.eml"))
    ingest(sample("03-bear-sighting-named-areas.eml"))

    listing = admin_client.get("/admin/incomingmail/").content.decode()
    assert listing.count("<tr") >= 3  # header + both mails
    assert "重複のため無視" in listing and "公開・LINE配信" in listing
    assert "穂仁原、比作、木野" in listing
    detail = admin_client.get(
        f"/admin/incomingmail/inspect/{mail.pk}/"
    ).content.decode()
    assert "クマを見かけても近づかず" in detail
    assert "uid=" not in detail  # the subscriber token stays in the encrypted raw mail
    # A record: nobody adds, edits or deletes received mails.
    assert admin_client.get("/admin/incomingmail/new/").status_code in (302, 403)
    assert admin_client.get(f"/admin/incomingmail/edit/{mail.pk}/").status_code in (
        302,
        403,
    )

    senders = admin_client.get("/admin/trustedsender/").content.decode()
    assert SENDER in senders
    rules = admin_client.get(
        "/admin/settings/line_delivery/mailbridgesettings/", follow=True
    ).content.decode()
    assert "一部の地区への放送を示す語" in rules and "のみの放送" in rules


def test_the_demo_trusts_the_samples_sender_once(topics):
    call_command("seed_mail_rules", stdout=io.StringIO())
    call_command("seed_mail_rules", stdout=io.StringIO())
    [sender] = TrustedSender.objects.all()
    assert sender.address == SENDER
    assert sender.action == TrustedSender.Action.PUBLISH
    assert [t.slug for t in sender.topics.all()] == ["bousai"]


def test_a_mail_that_only_lifts_reads_as_lifted_and_is_not_active(
    places, disaster_index, publishing_sender, django_capture_on_commit_callbacks
):
    raw = encode_mail(
        "こちらは大竹市災害対策本部です。\n"
        "市内全域に発令していた「警戒レベル４　避難指示」は、１０時をもって解除しました。",
        charset="ISO-2022-JP",
        codec="iso2022_jp_ext",
        transfer="7bit",
        message_id="<lift-only@bousai-mail.example.jp>",
        subject="【防災情報】避難指示の解除について",
    )
    mail = ingest_now(raw, django_capture_on_commit_callbacks)
    assert mail.reading["lifts"] == ["避難指示"] and mail.reading["level"] is None
    page = DisasterNoticePage.objects.get(pk=mail.page_id)
    assert page.is_lifted and page.live
    assert page not in DisasterNoticePage.active_notices()
