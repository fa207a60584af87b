"""The sandbox channel (no LINE token) and the admin screens staff use for delivery."""

import uuid

import pytest

from line_delivery import client
from line_delivery.models import Delivery, Friend, SandboxMessage
from tests.factories import NewsPageFactory

from .conftest import make_friend, make_test_member


pytestmark = pytest.mark.django_db


def test_sandbox_records_what_each_matching_friend_received(
    sandbox, news_index, topics, django_capture_on_commit_callbacks
):
    reader = make_friend(topics=[topics["gomi"]])
    other = make_friend(topics=[topics["event"]])
    page = NewsPageFactory(
        parent=news_index, title="サンドボックスのお知らせ", live=False
    )
    page.topics.set([topics["gomi"]])
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    [received] = SandboxMessage.objects.filter(friend=reader)
    assert received.message["altText"].startswith("【大竹市】サンドボックスのお知らせ")
    assert not SandboxMessage.objects.filter(friend=other).exists()
    assert Delivery.objects.get(page=page).status == Delivery.Status.COMPLETED


def test_sandbox_broadcast_reaches_every_following_friend(
    sandbox, news_index, django_capture_on_commit_callbacks
):
    friends = [make_friend() for _ in range(3)]
    blocked = make_friend(status=Friend.Status.BLOCKED)
    page = NewsPageFactory(parent=news_index, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert Delivery.objects.get(page=page).is_broadcast
    assert {m.friend for m in SandboxMessage.objects.all()} == set(friends)
    assert not SandboxMessage.objects.filter(friend=blocked).exists()


def test_sandbox_rejects_what_line_would_reject(sandbox):
    friend = make_friend()
    result = client.multicast(
        [friend.line_user_id], [{"type": "text", "text": "あ" * 5001}], uuid.uuid4()
    )
    assert result.status == 400
    assert result.details[0]["property"] == "messages[0].text"
    assert not SandboxMessage.objects.exists()


def test_sandbox_answers_a_reused_retry_key_with_409(sandbox):
    friend = make_friend()
    key = uuid.uuid4()
    message = [{"type": "text", "text": "こんにちは"}]
    assert client.multicast([friend.line_user_id], message, key).status == 200
    again = client.multicast([friend.line_user_id], message, key)
    assert again.status == 409 and again.accepted
    assert SandboxMessage.objects.count() == 1


def test_sandbox_chat_shows_the_message_like_a_phone_and_escapes_html(
    sandbox, admin_client, news_index, django_capture_on_commit_callbacks
):
    friend = make_friend()
    page = NewsPageFactory(
        parent=news_index, title="<script>alert(1)</script>まつり", live=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    inbox = admin_client.get("/admin/line/sandbox/").content.decode()
    assert f"/admin/line/sandbox/{friend.pk}/" in inbox
    chat = admin_client.get(f"/admin/line/sandbox/{friend.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;まつり" in chat
    assert "<script>alert(1)</script>" not in chat
    assert 'class="flex-bubble"' in chat


def test_delivery_screens_show_progress_and_allow_cancel(
    sandbox, admin_client, news_index, django_capture_on_commit_callbacks
):
    make_test_member()
    page = NewsPageFactory(parent=news_index, title="配信画面の確認")
    page.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/line/pages/{page.pk}/test-send/")
    html = admin_client.get(response.url).content.decode()
    assert "テスト配信" in html and "完了" in html and "送信済み 1 / 対象 1 人" in html

    listing = admin_client.get("/admin/delivery/").content.decode()
    assert "配信画面の確認" in listing

    delivery = Delivery.objects.get()
    response = admin_client.post(
        f"/admin/line/deliveries/{delivery.pk}/cancel/", follow=True
    )
    assert "すでに終わっています" in response.content.decode()


def test_test_send_without_test_members_explains_what_to_do(
    sandbox, admin_client, news_index
):
    page = NewsPageFactory(parent=news_index)
    html = admin_client.get(f"/admin/line/pages/{page.pk}/test-send/").content.decode()
    assert "テストメンバーがいません" in html
    assert (
        admin_client.post(f"/admin/line/pages/{page.pk}/test-send/").status_code == 200
    )
    assert not Delivery.objects.exists()


def test_edit_view_offers_test_send_and_redeliver(admin_client, news_index):
    page = NewsPageFactory(parent=news_index)
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "LINEテスト配信" in html and "LINEで再配信" in html


def test_friend_admin_never_shows_the_full_user_id(admin_client):
    friend = make_friend()
    html = admin_client.get("/admin/friend/").content.decode()
    assert friend.masked_user_id in html
    assert friend.line_user_id not in html


def test_listings_say_yes_and_no_in_japanese_not_true_and_false(admin_client):
    make_test_member("広報 テスト")
    stopped = make_test_member("危機管理 テスト")
    stopped.is_active = False
    stopped.save()

    for url in (
        "/admin/testmember/",
        "/admin/friend/",
        "/admin/snippets/line_delivery/richmenu/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert ">True<" not in html and ">False<" not in html, url
        assert "True\n" not in html and "False\n" not in html, url

    members = admin_client.get("/admin/testmember/").content.decode()
    assert "有効" in members and "停止中" in members
