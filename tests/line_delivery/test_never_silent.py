"""Never silent: whatever staff or an import put in the garbage guide, every question
gets a reply LINE accepts, and staff see what to fix (返信の失敗)."""

import pytest

from line_delivery.fallback import plain_text
from line_delivery.models import RefusedReply
from tests.factories import GarbageCategoryFactory, GarbageItemFactory

from .conftest import make_friend
from .webhook_helpers import body_for, post_webhook, text_event


pytestmark = pytest.mark.django_db
SECRET = "fake-channel-secret"

# Field values seen in real 5374 files and typed by staff (surrogates cannot be stored
# in PostgreSQL; a webhook carrying one is refused with 400 before this point).
CATEGORY_TEXTS = [
    "",
    " ",
    "<br>",
    "月・木に出してください。<br>袋は透明なもの。",
    "<script>alert(1)</script>",
    "🗑️♻️",
    "x" * 5000,
]
NOTES = ["", "<b>太字</b>", "注意" * 2600, "🧴" * 300, "改行\n\n\nだらけ"]


@pytest.fixture
def ask(client, line_channel, django_capture_on_commit_callbacks):
    def send(friend, text):
        before = len(line_channel.received(friend.line_user_id))
        token = line_channel.issue_reply_token(friend.line_user_id)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(
                client, body_for(text_event(friend.line_user_id, text, token)), SECRET
            )
        assert response.status_code == 200
        received = line_channel.received(friend.line_user_id)[before:]
        return [record.message for record in received]

    return send


@pytest.mark.parametrize("how_to_put_out", CATEGORY_TEXTS)
@pytest.mark.parametrize("notes", NOTES)
def test_every_garbage_question_gets_a_reply_line_accepts(ask, how_to_put_out, notes):
    category = GarbageCategoryFactory(
        name="燃やせるごみ", slug="moyasu", how_to_put_out=how_to_put_out
    )
    GarbageItemFactory(
        name="フライパン", reading="ふらいぱん", category=category, notes=notes
    )
    friend = make_friend()

    replies = ask(friend, "フライパン")

    # The strict fake LINE records only what it accepted: a reply arrived.
    assert replies, (how_to_put_out[:20], notes[:20])
    shown = plain_text(replies)
    assert "フライパン" in shown and "燃やせるごみ" in shown


def test_a_refused_answer_is_sent_as_text_and_shown_to_staff(
    ask, admin_client, monkeypatch
):
    from line_delivery import replies

    category = GarbageCategoryFactory(name="粗大ごみ", slug="sodai")
    GarbageItemFactory(name="たんす", reading="たんす", category=category)
    friend = make_friend()
    real = replies.fallback.line_problems

    def strict(messages):  # our check refuses a Flex answer, as for a broken field
        if any(m.get("type") == "flex" for m in messages):
            return [{"message": "May not be empty", "property": "messages[0].x"}]
        return real(messages)

    monkeypatch.setattr(replies.fallback, "line_problems", strict)
    answer = ask(friend, "たんす")

    assert [m["type"] for m in answer] == ["text"]
    assert "たんす" in answer[0]["text"] and "粗大ごみ" in answer[0]["text"]
    row = RefusedReply.objects.get()
    assert row.count == 1 and "May not be empty" in row.problem
    listing = admin_client.get("/admin/refusedreply/").content.decode()
    assert "たんす" in listing and "未対応" in listing


def test_plain_text_is_never_empty_and_fits_line():
    assert plain_text([{"type": "flex", "altText": "", "contents": {}}])
    long = plain_text([{"type": "text", "text": "あ" * 9000}])
    assert len(long.encode("utf-16-le")) // 2 <= 5000
    assert plain_text([{"type": "text", "text": "A<br>B"}]) == "A\nB"
