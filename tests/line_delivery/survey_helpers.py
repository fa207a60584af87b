"""A survey with one question of every type, and a way to act as a resident."""

from home.models import SurveyPage
from line_delivery.liff.auth import SESSION_KEY
from tests.factories import AreaFactory, SurveyPageFactory, TopicFactory, add_questions


def every_type_survey(parent, **fields) -> SurveyPage:
    """名前・意見・年齢・日付・説明・満足度・施設・年代・地区・トピック."""
    AreaFactory(name="玖波")
    AreaFactory(name="小方")
    TopicFactory(name="ごみ", slug="gomi")
    TopicFactory(name="防災", slug="bousai")
    fields.setdefault("live", True)
    page = SurveyPageFactory(parent=parent, title="市民アンケート", **fields)
    add_questions(
        page,
        {"label": "お名前（ニックネーム）", "field_type": "singleline"},
        {"label": "ご意見", "field_type": "multiline", "required": False},
        {"label": "年齢", "field_type": "number"},
        {"label": "来場日", "field_type": "date", "required": False},
        {
            "label": "施設について",
            "field_type": "explanation",
            "required": False,
            "help_text": "ここからは市の施設についてうかがいます。",
        },
        {
            "label": "満足度",
            "field_type": "radio",
            "choices": "満足\nふつう\n不満",
        },
        {
            "label": "よく使う施設",
            "field_type": "checkboxes",
            "choices": "図書館\n体育館\n公民館",
            "required": False,
        },
        {
            "label": "年代",
            "field_type": "dropdown",
            "choices": "10代\n20代\n30代以上",
            "required": False,
        },
        {
            "label": "お住まいの地区",
            "field_type": "area",
            "updates_delivery_settings": True,
        },
        {
            "label": "知りたい情報",
            "field_type": "topics",
            "required": False,
            "updates_delivery_settings": True,
        },
    )
    return page


def keys(page: SurveyPage) -> dict[str, str]:
    """Question label → form field name."""
    return {q.label: q.key for q in page.questions.all()}


def full_answer(page: SurveyPage, **overrides) -> dict:
    """POST data answering every question of ``every_type_survey``."""
    k = keys(page)
    data = {
        "consent": "on",
        k["お名前（ニックネーム）"]: "たけちゃん",
        k["ご意見"]: "図書館の開館時間を延ばしてほしい",
        k["年齢"]: "42",
        k["来場日"]: "2026-11-03",
        k["満足度"]: "満足",
        k["よく使う施設"]: ["図書館", "公民館"],
        k["年代"]: "30代以上",
        k["お住まいの地区"]: "玖波",
        k["知りたい情報"]: ["防災"],
    }
    data.update({k.get(name, name): value for name, value in overrides.items()})
    return data


def act_as(client, friend) -> None:
    """Give the test client a LIFF session as ``friend`` (what the LIFF login binds)."""
    session = client.session
    session[SESSION_KEY] = friend.pk
    session.save()
