"""Residents type a garbage item (in any spelling) or a question and get a useful answer."""

import datetime

from django.utils import timezone

import pytest

from home.models import CollectionArea, CollectionSchedule, Faq
from line_delivery.chat.text import garbage_index
from line_delivery.models import UnansweredQuery
from tests.factories import AreaFactory, GarbageCategoryFactory, GarbageItemFactory

from .conftest import make_friend
from .webhook_helpers import body_for, post_webhook, text_event


pytestmark = pytest.mark.django_db
SECRET = "fake-channel-secret"


@pytest.fixture
def garbage(db):
    bottles = GarbageCategoryFactory(
        name="ペットボトル", slug="petbottle", colour="#2E7D32"
    )
    burnable = GarbageCategoryFactory(
        name="燃やせるごみ", slug="moyasu", colour="#E4572E"
    )
    items = {
        "bottle": GarbageItemFactory(
            name="ペットボトル",
            reading="ぺっとぼとる",
            aliases="PET\nPETボトル",
            category=bottles,
            notes="キャップとラベルは外してください。",
        ),
        "cap": GarbageItemFactory(
            name="ペットボトルのキャップ",
            reading="ぺっとぼとるのきゃっぷ",
            category=burnable,
        ),
        "label": GarbageItemFactory(
            name="ペットボトルのラベル",
            reading="ぺっとぼとるのらべる",
            category=burnable,
        ),
        "battery": GarbageItemFactory(
            name="乾電池", reading="かんでんち", aliases="電池", category=burnable
        ),
        "button": GarbageItemFactory(
            name="ボタン電池", reading="ぼたんでんち", category=burnable
        ),
    }
    return items


@pytest.fixture
def ask(client, line_channel, django_capture_on_commit_callbacks):
    def send(friend, text):
        token = line_channel.issue_reply_token(friend.line_user_id)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(
                client, body_for(text_event(friend.line_user_id, text, token)), SECRET
            )
        assert response.status_code == 200
        return line_channel.received(friend.line_user_id)[-1].message

    return send


@pytest.mark.parametrize(
    "typed",
    [
        "ペットボトル",
        "ぺっとぼとる",
        "ﾍﾟｯﾄﾎﾞﾄﾙ",
        "PET",
        "ペットボトル？",
        "ペットボトルってどう出すの",
        "ぺっとぼとう",
    ],
)
def test_any_spelling_of_an_item_gets_its_category(ask, garbage, typed):
    message = ask(make_friend(), typed)
    assert message["type"] == "flex", message
    assert message["altText"] == "ペットボトルは「ペットボトル」です。"
    texts = [c["text"] for c in message["contents"]["body"]["contents"]]
    assert "キャップとラベルは外してください。" in texts
    assert message["contents"]["header"]["backgroundColor"] == "#2E7D32"


def test_collection_days_appear_when_the_friends_area_is_known(ask, garbage):
    kuba = AreaFactory(name="玖波")
    collection_area = CollectionArea.objects.create(name="玖波地区")
    collection_area.areas.set([kuba])
    collection_area.save()  # a ParentalManyToManyField is written on save
    CollectionSchedule.objects.create(
        collection_area=collection_area,
        category=garbage["bottle"].category,
        days="第2・第4水曜日",
    )
    message = ask(make_friend(areas=[kuba]), "ペットボトル")
    texts = [c["text"] for c in message["contents"]["body"]["contents"]]
    assert "玖波地区: 毎月第2・第4水曜日" in texts


def test_the_next_collection_day_appears_in_the_reply(ask, garbage):
    kuba = AreaFactory(name="玖波")
    collection_area = CollectionArea.objects.create(name="玖波地区")
    collection_area.areas.set([kuba])
    collection_area.save()
    CollectionSchedule.objects.create(
        collection_area=collection_area,
        category=garbage["bottle"].category,
        nth_weeks=[2, 4],
        nth_days=[2],  # 第2・第4水曜日
    )
    # Worked out here by brute force, independently of the rules engine.
    day = timezone.localdate()
    while not (day.weekday() == 2 and (day.day - 1) // 7 + 1 in (2, 4)):
        day += datetime.timedelta(days=1)
    expected = f"次の収集日: {day.month}月{day.day}日(水)"

    message = ask(make_friend(areas=[kuba]), "ペットボトル")
    texts = [c["text"] for c in message["contents"]["body"]["contents"]]
    assert expected in texts
    # A friend in another 地区 is not told 玖波's day.
    other = ask(make_friend(areas=[AreaFactory(name="小方")]), "ペットボトル")
    other_texts = [c["text"] for c in other["contents"]["body"]["contents"]]
    assert expected not in other_texts


def test_a_word_items_of_one_category_share_is_answered_with_that_category(
    ask, garbage
):
    # 乾電池 and ボタン電池 are both 燃やせるごみ here: where it goes is clear.
    message = ask(make_friend(), "でんち")
    assert message["altText"] == "乾電池は「燃やせるごみ」です。"


def test_several_plausible_items_become_choices(ask, garbage):
    message = ask(make_friend(), "ペットボ")  # the front of a longer word: offered
    assert message["type"] == "flex" and "どれのことですか" in message["altText"]
    labels = [item["action"]["label"] for item in message["quickReply"]["items"]]
    assert {"ペットボトル", "ペットボトルのキャップ", "どれでもない"} <= set(labels)


def test_choosing_a_quick_reply_answers_that_item(
    client, line_channel, garbage, django_capture_on_commit_callbacks
):
    from .webhook_helpers import base_event

    friend = make_friend()
    token = line_channel.issue_reply_token(friend.line_user_id)
    event = base_event(
        "postback",
        friend.line_user_id,
        reply_token=token,
        postback={"data": f"action=garbage_item&item={garbage['button'].pk}"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, body_for(event), SECRET)
    assert (
        line_channel.received(friend.line_user_id)[-1].message["altText"]
        == "ボタン電池は「燃やせるごみ」です。"
    )


def test_unanswered_question_is_logged_without_who_asked(ask, garbage):
    friend = make_friend()
    message = ask(friend, "宇宙船の捨て方 090-1234-5678")
    assert "見つかりませんでした" in message["text"]
    assert len(message["quickReply"]["items"]) >= 4
    ask(make_friend(), "宇宙船の捨て方 090-1234-5678")
    logged = UnansweredQuery.objects.get()
    assert logged.count == 2
    assert "1234" not in logged.example_text and "5678" not in logged.example_text
    assert friend.line_user_id not in str(UnansweredQuery.objects.values())


def test_faq_keywords_answer_questions(ask, garbage):
    Faq.objects.create(
        question="住民票の写しはどこで取れますか",
        keywords="住民票\n証明書",
        answer_text="市役所の市民課で取れます。",
        answer_url="https://www.example.jp/juminhyo",
    )
    message = ask(make_friend(), "住民票がほしい")
    assert message["text"].startswith("市役所の市民課で取れます。")
    assert "https://www.example.jp/juminhyo" in message["text"]


def test_command_words_open_the_matching_action(ask, garbage):
    message = ask(make_friend(), "受信設定")
    assert message["type"] == "template"
    assert message["template"]["actions"][0]["label"] == "受信設定を開く"


def test_new_items_are_searchable_at_once(ask, garbage):
    assert ask(make_friend(), "ペットボトル")["type"] == "flex"  # builds the index
    GarbageItemFactory(
        name="傘", reading="かさ", aliases="雨傘", category=garbage["battery"].category
    )
    message = ask(make_friend(), "雨傘")
    assert message["altText"] == "傘は「燃やせるごみ」です。"
    assert garbage_index._index is not None


def test_todays_garbage_button_lists_today_and_the_next_days(
    client, line_channel, garbage, django_capture_on_commit_callbacks
):
    from .webhook_helpers import base_event

    kuba = AreaFactory(name="玖波")
    collection_area = CollectionArea.objects.create(name="玖波地区")
    collection_area.areas.set([kuba])
    collection_area.save()
    today = timezone.localdate()
    CollectionSchedule.objects.create(
        collection_area=collection_area,
        category=garbage["cap"].category,  # 燃やせるごみ, every week on today's weekday
        weekly_days=[today.weekday()],
    )
    friend = make_friend(areas=[kuba])
    event = base_event(
        "postback",
        friend.line_user_id,
        reply_token=line_channel.issue_reply_token(friend.line_user_id),
        postback={"data": "action=garbage_today"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, body_for(event), SECRET)
    reply = line_channel.received(friend.line_user_id)[-1].message["text"]
    weekday = "月火水木金土日"[today.weekday()]
    assert f"今日（{today.month}月{today.day}日({weekday})）: 燃やせるごみ" in reply
    assert "【玖波地区】" in reply
