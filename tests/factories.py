"""factory_boy factories for content (pages via wagtail-factories)."""

import datetime

from django.utils import timezone

import factory
import wagtail_factories

from home.models import (
    Area,
    DisasterIndexPage,
    DisasterNoticePage,
    GarbageCategory,
    GarbageGuidePage,
    GarbageItem,
    NewsIndexPage,
    NewsPage,
    Shelter,
    SurveyPage,
    SurveyQuestion,
    Topic,
)


def paragraphs(*texts: str) -> list[dict]:
    """StreamField raw data: one paragraph block per text."""
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts]


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"トピック{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"地区{n}")


class ShelterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shelter

    name = factory.Sequence(lambda n: f"避難所{n}")
    latitude = 34.238
    longitude = 132.222


class GarbageCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GarbageCategory

    name = factory.Sequence(lambda n: f"区分{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    how_to_put_out = "指定の袋に入れて、収集日の朝8時までに出してください。"


class GarbageItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GarbageItem

    name = factory.Sequence(lambda n: f"品目{n}")
    category = factory.SubFactory(GarbageCategoryFactory)


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "お知らせ"
    slug = "news"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"お知らせ{n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = factory.LazyFunction(timezone.localdate)
    summary = "市からのお知らせです。"
    body = factory.LazyFunction(lambda: paragraphs("本文です。"))


class DisasterIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DisasterIndexPage

    title = "防災情報"
    slug = "bousai"


class DisasterNoticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DisasterNoticePage

    title = factory.Sequence(lambda n: f"防災情報{n}")
    slug = factory.Sequence(lambda n: f"notice-{n}")
    level = 3
    hazard = "heavy_rain"
    issued_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(hours=1)
    )
    summary = "大雨のため、高齢者等避難を発令しました。"
    body = factory.LazyFunction(lambda: paragraphs("こちらは、防災大竹市役所です。"))


class GarbageGuidePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GarbageGuidePage

    title = "ごみの分け方・出し方"
    slug = "gomi"


class SurveyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SurveyPage

    title = factory.Sequence(lambda n: f"アンケート{n}")
    summary = "市政についてのご意見をお聞かせください。"
    consent_text = "回答は集計にだけ使います。"
    thank_you_text = "ご回答ありがとうございました。"


def add_questions(page: SurveyPage, *questions: dict) -> list[SurveyQuestion]:
    """Questions in order, e.g. ``{"label": "年齢", "field_type": "number"}``."""
    return [
        SurveyQuestion.objects.create(page=page, sort_order=order, **question)
        for order, question in enumerate(questions)
    ]
