"""有人チャット against the strict fake LINE: handover, staff replies, media, read receipts."""

import datetime
import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.models import AuditEntry
from cms.roles import VIEWERS
from line_delivery.crypto import TOKEN_PREFIX, decrypt_bytes, lookup_hash
from line_delivery.inbox import hours
from line_delivery.inbox.models import ChatContext, Conversation, Department, Message
from line_delivery.inbox.tasks import purge_expired_conversations
from line_delivery.models import WebhookEvent
from tests.auth import sign_in_verified

from .conftest import make_friend
from .inbox_helpers import (
    department_closed_today,
    departments_always_open,
    image,
    message_event,
    staff,
    tap,
    text,
)
from .webhook_helpers import base_event, body_for, post_webhook


pytestmark = pytest.mark.django_db
SECRET = "fake-channel-secret"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00"
    b"\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def deliver(client, line_channel, django_capture_on_commit_callbacks):
    """POST signed webhook events and run the queued handling, as a worker would."""

    def send(*events):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(client, body_for(*events), SECRET)
        assert response.status_code == 200
        return response

    return send


@pytest.fixture
def departments(db):
    return departments_always_open()


@pytest.fixture
def staff_client(client, django_capture_on_commit_callbacks):
    """A client signed in (with 2FA) as a staff member; ``.act`` runs on-commit tasks."""

    def as_user(user):
        sign_in_verified(client, user)
        return client

    return as_user


def texts(fake, user_id) -> list[str]:
    return [t or "" for t in fake.received_texts(user_id)]


def quick_labels(received) -> list[str]:
    return [
        item["action"]["label"]
        for item in (received.message.get("quickReply") or {}).get("items", [])
    ]


def menu_labels(client) -> list[str]:
    """The labels of the admin menu (Wagtail renders it from JSON props)."""
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    return re.findall(
        r'"label": "([^"]*)"',
        json.dumps(json.loads(props.group(1)), ensure_ascii=False),
    )


def open_for(fake, deliver, user_id, department: Department) -> Conversation:
    """The resident asks for a person and picks the department."""
    deliver(text(fake, user_id, "担当者と話したい"))
    deliver(tap(fake, user_id, f"action=staff&dept={department.pk}"))
    return Conversation.objects.get(
        friend__line_user_id_hash=lookup_hash(user_id), state="new"
    )


# --- handover -------------------------------------------------------------------------


def test_rich_menu_area_hands_the_resident_to_the_department(
    deliver, line_channel, departments
):
    friend = make_friend()
    Department.objects.exclude(name="環境整備").delete()  # one department: no choice
    deliver(tap(line_channel, friend.line_user_id, "action=staff&rm=1-abc123"))

    conversation = Conversation.objects.get(friend=friend)
    assert conversation.state == Conversation.State.NEW
    assert conversation.department.name == "環境整備"
    told = texts(line_channel, friend.line_user_id)[-1]
    assert "環境整備の担当職員におつなぎしました" in told
    assert "受付時間" in told
    assert "相談を終える" in quick_labels(
        line_channel.received(friend.line_user_id)[-1]
    )


def test_words_ask_for_a_person_choose_a_department_and_keep_the_bot_context(
    deliver, line_channel, departments
):
    friend = make_friend()
    user = friend.line_user_id
    deliver(text(line_channel, user, "ヘルプ"))
    deliver(text(line_channel, user, "家の前のことで担当者と話したい"))

    choice = line_channel.received(user)[-1]
    assert "どの担当に相談しますか" in choice.text
    assert "ごみ・道路・環境のこと" in quick_labels(choice)
    assert not Conversation.objects.exists()

    deliver(tap(line_channel, user, f"action=staff&dept={departments['環境整備'].pk}"))
    conversation = Conversation.objects.get(friend=friend)
    assert conversation.department == departments["環境整備"]
    said = [turn["text"] for turn in conversation.bot_context]
    assert "ヘルプ" in said
    assert "家の前のことで担当者と話したい" in said
    assert "環境整備の担当職員におつなぎしました" in texts(line_channel, user)[-1]


def test_words_that_name_a_department_open_it_at_once(
    deliver, line_channel, departments
):
    friend = make_friend()
    deliver(text(line_channel, friend.line_user_id, "ごみのことで職員に相談したい"))
    assert Conversation.objects.get(friend=friend).department.name == "環境整備"
    assert (
        "環境整備の担当職員におつなぎしました"
        in (texts(line_channel, friend.line_user_id)[-1])
    )


def test_after_two_failures_in_a_row_the_bot_offers_a_person(
    deliver, line_channel, departments
):
    friend = make_friend()
    user = friend.line_user_id
    deliver(text(line_channel, user, "ぽにょぽにょ"))
    first = line_channel.received(user)[-1]
    assert "職員に相談" not in quick_labels(first)

    deliver(text(line_channel, user, "もにゃもにゃ"))
    second = line_channel.received(user)[-1]
    assert quick_labels(second)[0] == "職員に相談"
    assert "市の担当職員におつなぎします" in second.text

    deliver(tap(line_channel, user, "action=staff"))
    assert "どの担当に相談しますか" in texts(line_channel, user)[-1]
    deliver(tap(line_channel, user, f"action=staff&dept={departments['広報'].pk}"))
    assert Conversation.objects.get(friend=friend).department.name == "広報"
    assert ChatContext.objects.get(friend=friend).failures_in_a_row == 0


def test_an_answered_question_resets_the_failure_count(
    deliver, line_channel, departments
):
    user = make_friend().line_user_id
    deliver(text(line_channel, user, "ぽにょぽにょ"))
    deliver(text(line_channel, user, "ヘルプ"))
    deliver(text(line_channel, user, "もにゃもにゃ"))
    assert "職員に相談" not in quick_labels(line_channel.received(user)[-1])


def test_outside_hours_the_resident_is_told_when_and_what_to_do_in_an_emergency(
    deliver, line_channel, departments
):
    department = department_closed_today(departments["危機管理"])
    user = make_friend().line_user_id
    deliver(text(line_channel, user, "相談したい"))
    deliver(tap(line_channel, user, f"action=staff&dept={department.pk}"))

    told = texts(line_channel, user)[-1]
    assert "ただいま受付時間外です" in told
    opening = hours.next_opening(department)
    assert opening.date() > timezone.localdate()
    assert f"{opening.month}月{opening.day}日" in told and "以降に" in told
    assert "119番" in told

    # The resident writes on: told once more at most every 12 hours, not each time.
    deliver(text(line_channel, user, "家の前の側溝があふれそうです"))
    deliver(text(line_channel, user, "写真も送ります"))
    assert len(line_channel.received(user)) == 2  # the choice, the handover: no more
    conversation = Conversation.objects.get()
    assert conversation.unread_count == 2


def test_the_after_hours_reply_comes_again_after_12_hours(
    deliver, line_channel, departments
):
    department = department_closed_today(departments["危機管理"])
    user = make_friend().line_user_id
    deliver(text(line_channel, user, "防災のことで相談したい"))
    conversation = Conversation.objects.get()
    assert conversation.department == department
    Message.objects.filter(direction=Message.Direction.BOT).update(
        created_at=timezone.now() - datetime.timedelta(hours=13)
    )
    deliver(text(line_channel, user, "まだ返事がありません"))
    told = texts(line_channel, user)[-1]
    assert told.startswith("ただいま受付時間外です") and "119番" in told
    assert len(line_channel.received(user)) == 2


def test_no_after_hours_reply_right_after_a_staff_member_answered_late(
    deliver, line_channel, departments, staff_client, django_capture_on_commit_callbacks
):
    department = department_closed_today(departments["危機管理"])
    user = make_friend().line_user_id
    deliver(text(line_channel, user, "防災のことで相談したい"))
    conversation = Conversation.objects.get()
    Message.objects.filter(direction=Message.Direction.BOT).update(
        created_at=timezone.now() - datetime.timedelta(hours=13)
    )
    client = staff_client(staff(department.name, "kiki"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("inbox:reply", args=[conversation.pk]), {"text": "確認しました"}
        )
    deliver(text(line_channel, user, "ありがとうございます"))
    assert texts(line_channel, user)[-1] == "確認しました"


def test_a_failing_loading_indicator_does_not_stop_the_answer(
    deliver, line_channel, departments, settings
):
    user = make_friend().line_user_id
    settings.INBOX_LOADING_AFTER_SECONDS = 0
    line_channel.faults.fail_before_accept(
        status=500, count=1, endpoints=["showLoadingAnimation"]
    )
    deliver(text(line_channel, user, "ヘルプ"))
    assert [r.status for r in line_channel.requests_for("showLoadingAnimation")] == [
        500
    ]
    assert "ご用件をお選びください" in texts(line_channel, user)[-1]


def test_city_admins_set_opening_days_with_check_boxes(admin_client, departments):
    department = departments["環境整備"]
    url = reverse("wagtailsnippets_inbox_department:edit", args=[department.pk])
    page = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="weekdays"' in page and "土曜日" in page
    response = admin_client.post(
        url,
        {
            "name": "環境整備",
            "resident_label": "ごみ・道路・環境のこと",
            "opens_at": "08:30",
            "closes_at": "17:15",
            "weekdays": ["0", "2", "4"],
            "closed_on_holidays": "on",
            "emergency_text": "緊急時は119番へ。",
            "sort_order": "2",
        },
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.weekdays == [0, 2, 4]
    assert (
        hours.hours_text(department) == "月・水・金曜日 8時30分〜17時15分（祝日を除く）"
    )


def test_next_opening_skips_weekends_and_public_holidays():
    department = Department(name="x", resident_label="x")  # 平日 8:30〜17:15
    saturday_evening = timezone.make_aware(datetime.datetime(2026, 5, 2, 18, 0))
    # 5/3 憲法記念日, 5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日 (Sunday 5/3).
    assert hours.next_opening(department, saturday_evening) == timezone.make_aware(
        datetime.datetime(2026, 5, 7, 8, 30)
    )
    new_year = timezone.make_aware(datetime.datetime(2026, 12, 28, 18, 0))
    assert hours.next_opening(department, new_year).date() == datetime.date(2027, 1, 4)
    assert hours.hours_text(department) == (
        "平日 8時30分〜17時15分（祝日・年末年始を除く）"
    )


# --- an open conversation --------------------------------------------------------------


def test_while_open_the_bot_is_silent_and_messages_are_stored_encrypted(
    deliver, line_channel, departments
):
    friend = make_friend()
    user = friend.line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    before = len(line_channel.received(user))

    deliver(text(line_channel, user, "ペットボトル"))  # the bot would answer this
    assert len(line_channel.received(user)) == before

    stored = conversation.messages.filter(direction=Message.Direction.RESIDENT).last()
    assert stored.text == "ペットボトル"
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM inbox_message WHERE id = %s", [stored.pk])
        raw = cursor.fetchone()[0]
    assert "ペットボトル" not in raw and raw.startswith(TOKEN_PREFIX)  # AES-GCM
    conversation.refresh_from_db()
    assert conversation.unread_count == 1


def test_standby_events_are_neither_answered_nor_stored(
    deliver, line_channel, departments
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    before = len(line_channel.received(user))
    event = text(line_channel, user, "ほかのチャネルが担当中")
    event["mode"] = "standby"
    del event["replyToken"]
    deliver(event)
    assert len(line_channel.received(user)) == before
    assert not conversation.messages.filter(text="ほかのチャネルが担当中").exists()
    assert WebhookEvent.objects.get(
        webhook_event_id=event["webhookEventId"]
    ).status == (WebhookEvent.Status.IGNORED)


def test_blocking_the_account_closes_the_conversation(
    deliver, line_channel, departments
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    deliver(base_event("unfollow", user, reply_token=None))
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.CLOSED
    assert conversation.closed_reason == "ブロックされたため"


def test_a_new_conversation_mails_the_department_without_personal_data(
    deliver, line_channel, departments
):
    environment = staff("環境整備", "kankyo", "kankyo@city.example.jp")
    staff("広報", "kouhou", "kouhou@city.example.jp")
    user = make_friend().line_user_id
    mail.outbox.clear()
    deliver(text(line_channel, user, "大竹一郎です。道路の穴について担当者と話したい"))
    deliver(tap(line_channel, user, f"action=staff&dept={departments['環境整備'].pk}"))

    assert [m.to for m in mail.outbox] == [[environment.email]]
    sent = mail.outbox[0]
    assert "新しい相談" in sent.subject
    assert "大竹" not in sent.body and "道路" not in sent.body and user not in sent.body
    assert reverse("inbox:conversation", args=[Conversation.objects.get().pk]) in (
        sent.body
    )


def test_a_new_message_in_an_assigned_conversation_mails_the_assignee_once(
    deliver, line_channel, departments
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    assignee = staff("環境整備", "kankyo", "kankyo@city.example.jp")
    staff("環境整備", "kankyo2", "kankyo2@city.example.jp")
    Conversation.objects.filter(pk=conversation.pk).update(
        assignee=assignee, state=Conversation.State.ACTIVE
    )
    mail.outbox.clear()
    deliver(text(line_channel, user, "写真を追加で送ります"))
    deliver(
        text(line_channel, user, "よろしくお願いします")
    )  # still unread: no second mail
    assert [m.to for m in mail.outbox] == [["kankyo@city.example.jp"]]
    assert "写真" not in mail.outbox[0].body


# --- staff ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phase", "statuses"),
    [("after_accept", [500, 409]), ("before_accept", [500, 200])],
    ids=["500-after-line-accepted", "500-before-line-accepted"],
)
def test_a_staff_reply_reaches_exactly_that_resident_once_even_after_a_500(
    deliver,
    line_channel,
    departments,
    staff_client,
    django_capture_on_commit_callbacks,
    phase,
    statuses,
):
    first, second = make_friend(), make_friend()
    conversation = open_for(
        line_channel, deliver, first.line_user_id, departments["環境整備"]
    )
    deliver(text(line_channel, second.line_user_id, "ヘルプ"))
    received_before = {
        u: len(line_channel.received(u))
        for u in (first.line_user_id, second.line_user_id)
    }
    # After: LINE accepted the push, then answered 500; the retry with the same key
    # gets 409. Before: nothing was accepted; the retry is the first delivery.
    fail = getattr(line_channel.faults, f"fail_{phase}")
    fail(status=500, count=1, endpoints=["push"])
    client = staff_client(staff("環境整備", "kankyo"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("inbox:reply", args=[conversation.pk]),
            {"text": "現地を確認します。少しお待ちください。"},
        )
    assert response.status_code == 302

    pushes = line_channel.requests_for("pushMessage")
    assert [r.status for r in pushes] == statuses
    assert len({r.retry_key for r in pushes}) == 1
    got = line_channel.received(first.line_user_id)[
        received_before[first.line_user_id] :
    ]
    assert [m.text for m in got] == ["現地を確認します。少しお待ちください。"]
    assert (
        len(line_channel.received(second.line_user_id))
        == (received_before[second.line_user_id])
    )
    reply = conversation.messages.get(direction=Message.Direction.STAFF)
    assert reply.send_status == Message.SendStatus.SENT and reply.attempts == 2
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.ACTIVE
    assert conversation.assignee.username == "kankyo"
    assert AuditEntry.objects.filter(
        action="inbox.reply", target_id=str(conversation.pk), username="kankyo"
    ).exists()


def test_the_retry_key_is_saved_before_the_first_attempt(
    deliver, line_channel, departments, staff_client
):
    """Without running the task, the reply already has the key every attempt will use."""
    conversation = open_for(
        line_channel, deliver, make_friend().line_user_id, departments["環境整備"]
    )
    client = staff_client(staff("環境整備", "kankyo"))
    client.post(reverse("inbox:reply", args=[conversation.pk]), {"text": "確認します"})
    reply = Message.objects.get(direction=Message.Direction.STAFF)
    assert reply.retry_key and reply.send_status == Message.SendStatus.PENDING
    assert line_channel.requests_for("pushMessage") == []


def test_a_reply_longer_than_line_allows_is_refused_in_japanese(
    deliver, line_channel, departments, staff_client
):
    conversation = open_for(
        line_channel, deliver, make_friend().line_user_id, departments["環境整備"]
    )
    client = staff_client(staff("環境整備", "kankyo"))
    response = client.post(
        reverse("inbox:reply", args=[conversation.pk]), {"text": "🍎" * 2501}
    )
    assert response.status_code == 400
    assert "「返信」は5000文字まで" in response.content.decode()
    assert not Message.objects.filter(direction=Message.Direction.STAFF).exists()


def test_opening_the_conversation_marks_the_residents_messages_read_on_line(
    deliver, line_channel, departments, staff_client, django_capture_on_commit_callbacks
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    first = text(line_channel, user, "側溝のふたが割れています")
    last = text(line_channel, user, "場所は小方二丁目です")
    deliver(first)
    deliver(last)
    client = staff_client(staff("環境整備", "kankyo"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("inbox:conversation", args=[conversation.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "側溝のふたが割れています" in page and "場所は小方二丁目です" in page
    # The newest token marks everything before it as read too.
    assert line_channel.mark_as_read_tokens == [last["message"]["markAsReadToken"]]
    conversation.refresh_from_db()
    assert conversation.unread_count == 0
    assert AuditEntry.objects.filter(
        action="inbox.view", target_id=str(conversation.pk)
    ).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("inbox:conversation", args=[conversation.pk]))
    assert len(line_channel.mark_as_read_tokens) == 1  # nothing new to mark


def test_the_fake_refuses_a_mark_as_read_token_no_webhook_carried(line_channel):
    from line_delivery import client

    result = client.mark_as_read("made-up-token")
    assert result.status == 400
    assert "Invalid markAsReadToken" in result.message


def test_an_image_is_fetched_from_the_data_host_stored_encrypted_and_shown(
    deliver, line_channel, departments, staff_client, django_capture_on_commit_callbacks
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    deliver(image(line_channel, user, PNG))

    fetches = line_channel.requests_for("getMessageContent")
    assert [(r.host, r.status) for r in fetches] == [("data", 200)]
    photo = conversation.messages.get(kind=Message.Kind.IMAGE)
    assert photo.media_status == Message.MediaStatus.STORED
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT media_content FROM inbox_message WHERE id = %s", [photo.pk]
        )
        raw = bytes(cursor.fetchone()[0])
    assert PNG not in raw and b"IHDR" not in raw
    assert decrypt_bytes(raw) == PNG

    client = staff_client(staff("環境整備", "kankyo"))
    page = client.get(reverse("inbox:conversation", args=[conversation.pk]))
    assert reverse("inbox:media", args=[photo.pk]) in page.content.decode()
    shown = client.get(reverse("inbox:media", args=[photo.pk]))
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png" and shown.content == PNG
    assert "no-store" in shown["Cache-Control"]
    assert AuditEntry.objects.filter(action="inbox.media_view").count() == 1

    other = staff_client(staff("広報", "kouhou"))
    refused = other.get(reverse("inbox:media", args=[photo.pk]))
    assert refused.status_code in (302, 403) and PNG not in refused.content


def test_a_file_is_only_ever_downloaded_never_rendered(
    deliver, line_channel, departments, staff_client
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    event = message_event(
        line_channel, user, {"type": "file", "fileName": "申請書.html", "fileSize": 31}
    )
    line_channel.add_message_content(
        event["message"]["id"], b"<script>alert(1)</script>", "text/html"
    )
    deliver(event)
    stored = conversation.messages.get(kind=Message.Kind.FILE)
    assert stored.media_status == Message.MediaStatus.STORED
    assert stored.file_name == "申請書.html"
    client = staff_client(staff("環境整備", "kankyo"))
    response = client.get(reverse("inbox:media", args=[stored.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_content_past_lines_retention_is_marked_expired(
    deliver, line_channel, departments
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    event = image(line_channel, user, PNG)
    line_channel.expire_message_content(event["message"]["id"])
    deliver(event)
    photo = conversation.messages.get(kind=Message.Kind.IMAGE)
    assert photo.media_status == Message.MediaStatus.EXPIRED
    assert photo.media_content is None


def test_closing_gives_the_resident_back_to_the_bot(
    deliver, line_channel, departments, staff_client, django_capture_on_commit_callbacks
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    client = staff_client(staff("環境整備", "kankyo"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inbox:close", args=[conversation.pk]))
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.CLOSED
    assert "チャットボットがお答えします" in texts(line_channel, user)[-1]

    deliver(text(line_channel, user, "ヘルプ"))
    answer = line_channel.received(user)[-1]
    assert answer.endpoint == "reply" and "ご用件をお選びください" in answer.text
    assert conversation.messages.filter(text="ヘルプ").count() == 0


def test_the_resident_can_end_the_conversation_themselves(
    deliver, line_channel, departments
):
    user = make_friend().line_user_id
    conversation = open_for(line_channel, deliver, user, departments["環境整備"])
    deliver(tap(line_channel, user, "action=staff_end"))
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.CLOSED
    assert "職員への相談を終えました" in texts(line_channel, user)[-1]


def test_staff_see_only_their_departments_conversations(
    deliver, line_channel, departments, staff_client
):
    roads = open_for(
        line_channel, deliver, make_friend().line_user_id, departments["環境整備"]
    )
    other_user = make_friend().line_user_id
    deliver(text(line_channel, other_user, "相談したい"))
    deliver(
        tap(line_channel, other_user, f"action=staff&dept={departments['広報'].pk}")
    )
    news = Conversation.objects.get(department__name="広報")

    client = staff_client(staff("環境整備", "kankyo"))
    listing = client.get(reverse("inbox:list")).content.decode()
    assert f"相談 #{roads.pk}" in listing and f"相談 #{news.pk}" not in listing
    refused = client.get(reverse("inbox:conversation", args=[news.pk]))
    assert refused.status_code in (302, 403)  # Wagtail sends refusals to the dashboard
    assert AuditEntry.objects.filter(
        action="inbox.refused", target_id=str(news.pk)
    ).exists()

    outsider = staff_client(staff("危機管理", "kiki"))
    assert outsider.get(reverse("inbox:list")).content.decode().count("相談 #") == 0


def test_staff_assign_a_colleague_of_the_department_only(
    deliver, line_channel, departments, staff_client
):
    conversation = open_for(
        line_channel, deliver, make_friend().line_user_id, departments["環境整備"]
    )
    me, colleague = staff("環境整備", "kankyo"), staff("環境整備", "kankyo2")
    outsider = staff("広報", "kouhou")
    client = staff_client(me)
    url = reverse("inbox:assign", args=[conversation.pk])
    assert client.post(url, {"user": outsider.pk}).status_code == 404
    conversation.refresh_from_db()
    assert conversation.assignee is None
    client.post(url, {"user": colleague.pk})
    conversation.refresh_from_db()
    assert conversation.assignee == colleague
    assert conversation.state == Conversation.State.ACTIVE
    entry = AuditEntry.objects.get(action="inbox.assign")
    assert entry.details == {"before": "", "after": "kankyo2"}


def test_the_menu_shows_unread_messages_of_the_users_departments(
    deliver, line_channel, departments, staff_client
):
    user = make_friend().line_user_id
    open_for(line_channel, deliver, user, departments["環境整備"])
    deliver(text(line_channel, user, "一通目"))
    deliver(text(line_channel, user, "二通目"))
    environment = staff_client(staff("環境整備", "kankyo"))
    assert "有人チャット（2）" in menu_labels(environment)
    environment.logout()
    news = staff_client(staff("広報", "kouhou"))
    assert "有人チャット" in menu_labels(news)
    assert "有人チャット（2）" not in menu_labels(news)
    news.logout()
    viewer = get_user_model().objects.create_user("viewer", password="x" * 20)
    viewer.groups.add(Group.objects.get(name=VIEWERS))
    assert not any(
        "有人チャット" in label for label in menu_labels(staff_client(viewer))
    )


def test_the_loading_indicator_shows_while_a_late_answer_is_worked_on(
    deliver, line_channel, departments, settings
):
    user = make_friend().line_user_id
    settings.INBOX_LOADING_AFTER_SECONDS = 0
    deliver(text(line_channel, user, "ヘルプ"))
    assert line_channel.loading_animations == [{"chatId": user, "loadingSeconds": 20}]

    settings.INBOX_LOADING_AFTER_SECONDS = 30  # answered at once: no indicator
    deliver(text(line_channel, user, "ヘルプ"))
    assert len(line_channel.loading_animations) == 1


def test_retention_purges_old_conversations_with_their_messages_and_media(
    deliver, line_channel, departments, settings
):
    old_user, new_user = make_friend().line_user_id, make_friend().line_user_id
    old = open_for(line_channel, deliver, old_user, departments["環境整備"])
    deliver(image(line_channel, old_user, PNG))
    recent = open_for(line_channel, deliver, new_user, departments["環境整備"])
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Conversation.objects.filter(pk=old.pk).update(
        state=Conversation.State.CLOSED, closed_at=long_ago, last_message_at=long_ago
    )
    settings.INBOX_RETENTION_DAYS = 365
    purge_expired_conversations()
    assert not Conversation.objects.filter(pk=old.pk).exists()
    assert not Message.objects.filter(conversation_id=old.pk).exists()
    assert Conversation.objects.filter(pk=recent.pk).exists()
