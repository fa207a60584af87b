"""Read-only serializers: only public fields, named in English, values in Japanese.

Nothing here reads friends, answers, conversations or LINE ids; the test
``tests/public_api/test_no_personal_data.py`` fails if a response ever carries them.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from home.models import (
    Area,
    DisasterNoticePage,
    Faq,
    GarbageCategory,
    GarbageItem,
    NewsPage,
    Shelter,
    SurveyPage,
    Topic,
)

from .notice_state import IN_FORCE, LIFTED, notice_state


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "name", "reading"]


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description"]


class ShelterSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    hazards = serializers.ListField(child=serializers.CharField())
    areas = AreaSerializer(many=True)

    class Meta:
        model = Shelter
        fields = [
            "id",
            "name",
            "reading",
            "address",
            "latitude",
            "longitude",
            "capacity",
            "status",
            "status_label",
            "status_changed_at",
            "hazards",
            "areas",
            "notes",
        ]


class ShelterSummarySerializer(serializers.ModelSerializer):
    """A shelter as named by a notice: enough to find it and see if it is open."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)

    class Meta:
        model = Shelter
        fields = ["id", "name", "status", "status_label", "latitude", "longitude"]


class PageLinkMixin(serializers.Serializer):
    url = serializers.SerializerMethodField()

    def get_url(self, page) -> str:
        return page.get_full_url(self.context.get("request")) or ""


class DisasterNoticeSerializer(PageLinkMixin, serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()
    lifted_at = serializers.SerializerMethodField()
    end_label = serializers.SerializerMethodField(
        help_text="How it ended, as residents read it (解除, 運航再開, 復旧 …); "
        "empty while in force"
    )
    level_label = serializers.CharField(read_only=True)
    hazard_label = serializers.CharField(read_only=True)
    areas = AreaSerializer(many=True, source="target_areas")
    shelters = ShelterSummarySerializer(many=True)
    published_at = serializers.DateTimeField(
        source="last_published_at", allow_null=True
    )

    class Meta:
        model = DisasterNoticePage
        fields = [
            "id",
            "title",
            "url",
            "state",
            "in_force",
            "level",
            "level_label",
            "hazard",
            "hazard_label",
            "issued_at",
            "lifted_at",
            "end_label",
            "published_at",
            "summary",
            "areas",
            "shelters",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=[IN_FORCE, LIFTED]))
    def get_state(self, notice) -> str:
        return notice_state(notice).state

    def get_in_force(self, notice) -> bool:
        return notice_state(notice).in_force

    def get_end_label(self, notice) -> str:
        return notice_state(notice).end_label

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_lifted_at(self, notice):
        lifted_at = notice_state(notice).lifted_at
        return (
            serializers.DateTimeField().to_representation(lifted_at)
            if lifted_at
            else None
        )


class NewsSerializer(PageLinkMixin, serializers.ModelSerializer):
    topics = TopicSerializer(many=True)
    areas = AreaSerializer(many=True, source="target_areas")
    published_at = serializers.DateTimeField(
        source="last_published_at", allow_null=True
    )

    class Meta:
        model = NewsPage
        fields = [
            "id",
            "title",
            "url",
            "date",
            "published_at",
            "summary",
            "topics",
            "areas",
        ]


class GarbageCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = GarbageCategory
        fields = [
            "id",
            "slug",
            "name",
            "colour",
            "how_to_put_out",
            "collect_on_holidays",
        ]


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = GarbageCategory
        fields = ["id", "slug", "name", "colour"]


class GarbageItemSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    category = CategoryRefSerializer()
    how_to_put_out = serializers.CharField(source="category.how_to_put_out")

    class Meta:
        model = GarbageItem
        fields = [
            "id",
            "name",
            "reading",
            "aliases",
            "category",
            "how_to_put_out",
            "notes",
            "updated_at",
        ]


class GarbageSearchSerializer(serializers.Serializer):
    """The chat's answer: one item when it is clear, otherwise the choices it offers."""

    query = serializers.CharField(help_text="The query as searched (normalised).")
    is_confident = serializers.BooleanField()
    answer = GarbageItemSerializer(allow_null=True)
    choices = GarbageItemSerializer(many=True)


class CollectionDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    categories = CategoryRefSerializer(many=True)


class CollectionAreaDaysSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    days = CollectionDaySerializer(many=True)


class CollectionDaysSerializer(serializers.Serializer):
    area = AreaSerializer()
    start = serializers.DateField()
    end = serializers.DateField()
    collection_areas = CollectionAreaDaysSerializer(many=True)


class FaqSerializer(serializers.ModelSerializer):
    keywords = serializers.ListField(
        child=serializers.CharField(), source="keyword_list"
    )
    link = serializers.CharField()

    class Meta:
        model = Faq
        fields = ["id", "question", "keywords", "answer_text", "link", "updated_at"]


class DisasterModeSerializer(serializers.Serializer):
    active = serializers.BooleanField(source="is_active")
    changed_at = serializers.DateTimeField(allow_null=True)


class SurveySerializer(PageLinkMixin, serializers.ModelSerializer):
    answer_url = serializers.SerializerMethodField()

    class Meta:
        model = SurveyPage
        fields = [
            "id",
            "title",
            "summary",
            "url",
            "opens_at",
            "closes_at",
            "answer_url",
        ]

    def get_answer_url(self, page) -> str:
        """The link LINE friends get: the LIFF answer page (the web one without LIFF)."""
        from line_delivery.flex import survey_link

        return survey_link(page)
