"""The public read-only endpoints under ``/api/v1/`` (DRF).

Pages (news, disaster notices, surveys) are read with ``.live().public()`` like
Wagtail's ``/api/v2/``; snippets are public by nature. Every answer carries
``Last-Modified`` from ``ContentClock``; ``ConditionalApiMiddleware`` adds the ETag,
``Cache-Control`` and the 304.
"""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from home import collection_calendar
from home.models import (
    Area,
    DisasterMode,
    DisasterNoticePage,
    Faq,
    GarbageCategory,
    GarbageItem,
    NewsPage,
    Shelter,
    ShelterStatus,
    SurveyPage,
    Topic,
)

from . import serializers
from .http import PerAddressThrottle, WagtailStylePagination, http_date
from .models import ContentClock
from .notice_state import IN_FORCE, LIFTED, notice_state


#: The longest date range one collection-days request may ask for.
MAX_RANGE_DAYS = 400


class PublicApiMixin:
    """Read-only, anonymous, throttled per address, with ``Last-Modified``."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [PerAddressThrottle]
    pagination_class = WagtailStylePagination

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            changed_at = ContentClock.last_change()
            if changed_at is not None:
                response["Last-Modified"] = http_date(changed_at)
        return response


class ReadOnlyViewSet(
    PublicApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "int"  # ids are integers; the schema says so too


def _int_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: "整数で指定してください。"}) from None


AREA_PARAM = OpenApiParameter(
    "area",
    OpenApiTypes.INT,
    description="地区 id: only content for this 地区 or citywide",
)


@extend_schema_view(
    list=extend_schema(
        summary="Disaster notices (防災情報), most urgent first",
        parameters=[
            OpenApiParameter("state", str, enum=[IN_FORCE, LIFTED]),
            OpenApiParameter("level", OpenApiTypes.INT),
            OpenApiParameter("hazard", str),
            AREA_PARAM,
        ],
    ),
    retrieve=extend_schema(summary="One disaster notice"),
)
class DisasterNoticeViewSet(ReadOnlyViewSet):
    serializer_class = serializers.DisasterNoticeSerializer

    def get_queryset(self):
        queryset = (
            DisasterNoticePage.objects.live()
            .public()
            .prefetch_related("target_areas", "shelters")
            .order_by("-level", "-issued_at")
        )
        if self.action != "list":
            return queryset
        level = _int_param(self.request, "level")
        if level is not None:
            queryset = queryset.filter(level=level)
        hazard = self.request.query_params.get("hazard")
        if hazard:
            queryset = queryset.filter(hazard=hazard)
        area = _int_param(self.request, "area")
        if area is not None:
            queryset = queryset.filter(target_areas=area) | queryset.filter(
                target_areas=None
            )
            queryset = queryset.distinct()
        return queryset

    def filter_queryset(self, queryset):
        state = self.request.query_params.get("state")
        if self.action != "list" or not state:
            return queryset
        if state not in (IN_FORCE, LIFTED):
            raise ValidationError(
                {"state": f"{IN_FORCE} か {LIFTED} を指定してください。"}
            )
        # The state is read through notice_state() only (see notice_state.py).
        return [notice for notice in queryset if notice_state(notice).state == state]


@extend_schema_view(
    list=extend_schema(
        summary="News (お知らせ), newest first",
        parameters=[
            OpenApiParameter("topic", str, description="Topic slug"),
            AREA_PARAM,
        ],
    ),
    retrieve=extend_schema(summary="One piece of news"),
)
class NewsViewSet(ReadOnlyViewSet):
    serializer_class = serializers.NewsSerializer

    def get_queryset(self):
        queryset = (
            NewsPage.objects.live()
            .public()
            .prefetch_related("topics", "target_areas")
            .order_by("-date", "-first_published_at")
        )
        if self.action != "list":
            return queryset
        topic = self.request.query_params.get("topic")
        if topic:
            queryset = queryset.filter(topics__slug=topic)
        area = _int_param(self.request, "area")
        if area is not None:
            queryset = (
                queryset.filter(target_areas=area) | queryset.filter(target_areas=None)
            ).distinct()
        return queryset


@extend_schema_view(
    list=extend_schema(summary="Garbage sorting categories (分別区分)"),
    retrieve=extend_schema(summary="One garbage category"),
)
class GarbageCategoryViewSet(ReadOnlyViewSet):
    serializer_class = serializers.GarbageCategorySerializer
    queryset = GarbageCategory.objects.all()


@extend_schema_view(
    list=extend_schema(
        summary="Garbage items (品目), by reading",
        parameters=[OpenApiParameter("category", str, description="Category slug")],
    ),
    retrieve=extend_schema(summary="One garbage item"),
)
class GarbageItemViewSet(ReadOnlyViewSet):
    serializer_class = serializers.GarbageItemSerializer

    def get_queryset(self):
        queryset = GarbageItem.objects.select_related("category")
        category = self.request.query_params.get("category")
        if self.action == "list" and category:
            queryset = queryset.filter(category__slug=category)
        return queryset


class GarbageSearchView(PublicApiMixin, APIView):
    @extend_schema(
        summary="Search garbage items as the LINE chat does",
        description=(
            "The same search, the same answer and the same choices as a resident gets "
            "in the LINE chat: `answer` when the best match is clear, otherwise up to "
            "five `choices`."
        ),
        parameters=[OpenApiParameter("q", str, required=True)],
        responses=serializers.GarbageSearchSerializer,
    )
    def get(self, request):
        # The chat's own search, so the API can never answer differently.
        from line_delivery.chat.text import garbage_search

        query = request.query_params.get("q", "").strip()
        if not query:
            raise ValidationError({"q": "検索する言葉を指定してください。"})
        result = garbage_search(query)
        keys = [match.key for match in result.matches]
        by_pk = GarbageItem.objects.select_related("category").in_bulk(keys)
        answer = None
        if result.is_confident and result.best is not None:
            answer = by_pk.get(result.best.key)
        choices = [by_pk[m.key] for m in result.choices if m.key in by_pk]
        data = serializers.GarbageSearchSerializer(
            {
                "query": result.query,
                "is_confident": result.is_confident,
                "answer": answer,
                "choices": choices,
            }
        ).data
        return Response(data)


class CollectionDaysView(PublicApiMixin, APIView):
    @extend_schema(
        summary="Collection days of one 地区 for a date range",
        description=(
            "Computed by the same engine as the garbage calendar, the LIFF calendar "
            "and the iCalendar feed (holidays, 年末年始 closures and moved days "
            f"included). At most {MAX_RANGE_DAYS} days per request."
        ),
        parameters=[
            OpenApiParameter("area", OpenApiTypes.INT, required=True),
            OpenApiParameter("start", OpenApiTypes.DATE, description="Default: today"),
            OpenApiParameter(
                "end", OpenApiTypes.DATE, description="Default: start + 30"
            ),
            OpenApiParameter("category", str, description="Category slug"),
        ],
        responses=serializers.CollectionDaysSerializer,
    )
    def get(self, request):
        area_id = _int_param(request, "area")
        if area_id is None:
            raise ValidationError({"area": "地区を指定してください。"})
        area = get_object_or_404(Area, pk=area_id)
        start = self._date(request, "start") or timezone.localdate()
        end = self._date(request, "end") or start + datetime.timedelta(days=30)
        if end < start or (end - start).days > MAX_RANGE_DAYS:
            raise ValidationError(
                {"end": f"期間は開始日から{MAX_RANGE_DAYS}日以内にしてください。"}
            )
        category_slug = request.query_params.get("category")
        collection_areas = []
        for collection_area in collection_calendar.collection_areas_for([area.pk]):
            days = collection_calendar.collections_between(collection_area, start, end)
            rows = []
            for day, categories in days.items():
                if category_slug:
                    categories = [c for c in categories if c.slug == category_slug]
                if categories:
                    rows.append({"date": day, "categories": categories})
            collection_areas.append(
                {"id": collection_area.pk, "name": collection_area.name, "days": rows}
            )
        data = serializers.CollectionDaysSerializer(
            {
                "area": area,
                "start": start,
                "end": end,
                "collection_areas": collection_areas,
            }
        ).data
        return Response(data)

    @staticmethod
    def _date(request, name: str) -> datetime.date | None:
        value = request.query_params.get(name)
        if not value:
            return None
        day = parse_date(value)
        if day is None:
            raise ValidationError({name: "日付は YYYY-MM-DD で指定してください。"})
        return day


@extend_schema_view(
    list=extend_schema(
        summary="Shelters (避難所) with status and coordinates",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                description="Comma-separated statuses, e.g. `open,full`",
            ),
            AREA_PARAM,
        ],
    ),
    retrieve=extend_schema(summary="One shelter"),
)
class ShelterViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ShelterSerializer

    def get_queryset(self):
        queryset = Shelter.objects.prefetch_related("areas")
        if self.action != "list":
            return queryset
        status = self.request.query_params.get("status")
        if status:
            wanted = [part for part in status.split(",") if part]
            unknown = set(wanted) - set(ShelterStatus.values)
            if unknown:
                raise ValidationError({"status": f"不明な状況: {', '.join(unknown)}"})
            queryset = queryset.filter(status__in=wanted)
        area = _int_param(self.request, "area")
        if area is not None:
            queryset = queryset.filter(areas=area).distinct()
        return queryset


@extend_schema_view(
    list=extend_schema(summary="地区 (areas of the city)"),
    retrieve=extend_schema(summary="One 地区"),
)
class AreaViewSet(ReadOnlyViewSet):
    serializer_class = serializers.AreaSerializer
    queryset = Area.objects.all()


@extend_schema_view(
    list=extend_schema(summary="Topics (受信トピック)"),
    retrieve=extend_schema(summary="One topic"),
)
class TopicViewSet(ReadOnlyViewSet):
    serializer_class = serializers.TopicSerializer
    queryset = Topic.objects.all()


@extend_schema_view(
    list=extend_schema(summary="Frequently asked questions (よくある質問) in use"),
    retrieve=extend_schema(summary="One FAQ"),
)
class FaqViewSet(ReadOnlyViewSet):
    serializer_class = serializers.FaqSerializer
    queryset = Faq.objects.filter(is_active=True).select_related("answer_page")


class DisasterModeView(PublicApiMixin, APIView):
    @extend_schema(
        summary="Whether the city is in disaster mode (災害モード)",
        responses=serializers.DisasterModeSerializer,
    )
    def get(self, request):
        mode = DisasterMode.objects.filter(pk=1).first() or DisasterMode()
        return Response(serializers.DisasterModeSerializer(mode).data)


@extend_schema_view(
    list=extend_schema(summary="Surveys open for answers now"),
    retrieve=extend_schema(summary="One open survey"),
)
class SurveyViewSet(ReadOnlyViewSet):
    serializer_class = serializers.SurveySerializer

    def get_queryset(self):
        now = timezone.now()
        return (
            SurveyPage.objects.live()
            .public()
            .exclude(opens_at__gt=now)
            .exclude(closes_at__lte=now)
            .order_by("closes_at", "-first_published_at")
        )
