"""Atom feeds of news and disaster notices, for the city website and feed readers.

Item links are root-relative page URLs; Django's ``Feed`` makes them absolute with the
requesting host, so links are right behind any proxy or port.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from home.models import CitySettings, DisasterNoticePage, NewsPage


FEED_LENGTH = 30


class PageFeed(Feed):
    feed_type = Atom1Feed
    link = "/"
    title_suffix = ""
    url_name = ""

    def title(self) -> str:
        return f"{CitySettings.load().city_name} {self.title_suffix}"

    def subtitle(self) -> str:
        return self.title()

    def feed_url(self) -> str:
        return reverse(self.url_name)

    def author_name(self) -> str:
        return CitySettings.load().city_name

    def item_link(self, item) -> str:
        return item.get_url()

    def item_description(self, item) -> str:
        return item.summary

    def item_pubdate(self, item) -> datetime:
        return item.first_published_at or timezone.now()

    def item_updateddate(self, item) -> datetime:
        # Atom requires <updated> on every entry (RFC 4287 §4.1.2).
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item) -> list[str]:
        return item.topic_names()


class NewsFeed(PageFeed):
    title_suffix = "お知らせ"
    url_name = "feed_news"

    def items(self):
        return (
            NewsPage.objects.live()
            .public()
            .defer_streamfields()
            .prefetch_related("topics")
            .order_by("-date", "-first_published_at")[:FEED_LENGTH]
        )

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_pubdate(self, item: NewsPage) -> datetime:
        return item.first_published_at or datetime.combine(
            item.date, time(9, 0), tzinfo=timezone.get_current_timezone()
        )


class DisasterNoticeFeed(PageFeed):
    title_suffix = "防災情報"
    url_name = "feed_disaster"

    def items(self):
        return (
            DisasterNoticePage.objects.live()
            .public()
            .defer_streamfields()
            .prefetch_related("topics", "target_areas")
            .order_by("-issued_at")[:FEED_LENGTH]
        )

    def item_title(self, item: DisasterNoticePage) -> str:
        prefix = (
            f"【{item.end_label}】" if item.is_lifted else f"【{item.level_label}】"
        )
        return f"{prefix}{item.title}"

    def item_description(self, item: DisasterNoticePage) -> str:
        areas = item.areas_text
        return f"{item.summary}（対象: {areas}）"

    def item_pubdate(self, item: DisasterNoticePage) -> datetime:
        return item.issued_at

    def item_updateddate(self, item: DisasterNoticePage) -> datetime:
        return item.ended_at or item.last_published_at or item.issued_at
