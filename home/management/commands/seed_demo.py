"""``manage.py seed_demo``: realistic demo content for the city (idempotent).

Creates what is missing and never overwrites what exists, so running it twice adds
nothing and staff edits made in a demo survive. The content lives in
``home/demo_content.py``.
"""

from datetime import datetime, time
import hashlib
import io
from urllib.parse import urlsplit
import zoneinfo

from django.apps import apps
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from home import demo_content as demo
from home.models import (
    Area,
    CitySettings,
    CollectionArea,
    CollectionCenter,
    CollectionClosure,
    CollectionException,
    CollectionSchedule,
    DisasterIndexPage,
    DisasterNoticePage,
    Faq,
    GarbageCategory,
    GarbageGuidePage,
    GarbageItem,
    HomePage,
    NewsIndexPage,
    NewsPage,
    Shelter,
    SurveyPage,
    SurveyQuestion,
    Topic,
)


JST = zoneinfo.ZoneInfo("Asia/Tokyo")

TOPIC_COLOURS = [
    "#1D4E89",
    "#2E7D32",
    "#C2185B",
    "#6A1B9A",
    "#EF6C00",
    "#00838F",
    "#5D4037",
    "#455A64",
    "#AD1457",
]


def stream_blocks(blocks: list[dict]) -> list[dict]:
    """Turn the demo's simple block list into StreamField raw data."""
    raw = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            raw.append({"type": "heading", "value": {"text": value, "size": "h2"}})
        elif kind == "paragraph":
            raw.append({"type": "paragraph", "value": value})
        elif kind == "table":
            raw.append(
                {
                    "type": "table",
                    "value": {
                        "data": value["rows"],
                        "first_row_is_header": value.get("first_row_is_header", True),
                        "first_col_is_header": False,
                        "table_caption": "",
                    },
                }
            )
        elif kind == "button":
            raw.append(
                {
                    "type": "button",
                    "value": {
                        "label": value["label"],
                        "url": absolute_url(value["url"]),
                        "page": None,
                    },
                }
            )
        else:
            raise ValueError(f"Unknown demo block type {kind!r}")
    return raw


def absolute_url(url: str) -> str:
    """A site-relative demo link (``/shelters/``) on this installation's own host."""
    if url.startswith("/"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url


def demo_image(title: str, colour: str):
    """A plain 1200×630 picture in the topic's colour, so cards and LINE show an image."""
    from PIL import Image, ImageDraw

    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    picture = Image.new("RGB", (1200, 630), colour)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 500, 1200, 630), fill="#FFFFFF")
    draw.rectangle((60, 60, 420, 90), fill="#FFFFFF")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    name = hashlib.sha256(title.encode()).hexdigest()[:12]
    return image_model.objects.create(
        title=title, file=ImageFile(buffer, name=f"demo-{name}.png")
    )


class Command(BaseCommand):
    help = "大竹市のデモ用コンテンツを作成します（何度実行しても重複しません）。"

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            self.seed_city()
            topics = self.seed_topics()
            areas = self.seed_areas()
            shelters = self.seed_shelters(areas)
            self.seed_garbage(areas)
            self.seed_faqs()
            self.seed_channel_audiences()
            home = self.seed_site()
            self.seed_news(home, topics, areas)
            self.seed_disaster_notices(home, topics, areas, shelters)
            self.seed_surveys(home)
            self.seed_channel_rules()
            # Staff roles need the section pages for their page permissions.
            call_command("setup_roles", stdout=io.StringIO())
        self.seed_channel_extras()
        self.stdout.write(self.style.SUCCESS("デモ用コンテンツを用意しました。"))

    def created(self, what: str, count: int) -> None:
        if count:
            self.stdout.write(f"  {what}: {count}件作成")

    def seed_faqs(self) -> None:
        count = 0
        for data in demo.FAQS:
            _, was_created = Faq.objects.get_or_create(
                question=data["question"],
                defaults={
                    "keywords": "\n".join(data["keywords"]),
                    "answer_text": data["answer_text"],
                },
            )
            count += was_created
        self.created("よくある質問", count)

    def seed_channel_audiences(self) -> None:
        """Friends for delivery channels, before pages are published so they receive them.

        Called by name: content does not import channel apps.
        """
        if apps.is_installed("line_delivery"):
            call_command("seed_line_sandbox", stdout=self.stdout)

    def seed_channel_extras(self) -> None:
        """Channel content that links to the pages (rich menus), once they are published.

        Outside the transaction: publishing a menu talks to the channel on commit.
        """
        if apps.is_installed("line_delivery"):
            call_command("seed_rich_menus", stdout=self.stdout)

    def seed_channel_rules(self) -> None:
        """Rules of inbound channels (the 防災情報メール bridge), called by name."""
        if apps.is_installed("line_delivery"):
            call_command("seed_mail_rules", stdout=self.stdout)

    def seed_city(self) -> None:
        city = CitySettings.load()
        if not city.city_name_kana:
            for field, value in demo.CITY.items():
                setattr(city, field, value)
            city.save()

    def seed_topics(self) -> dict[str, Topic]:
        count = 0
        for order, data in enumerate(demo.TOPICS):
            _, was_created = Topic.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "description": data["description"],
                    "sort_order": order,
                },
            )
            count += was_created
        self.created("受信トピック", count)
        return {topic.slug: topic for topic in Topic.objects.all()}

    def seed_areas(self) -> dict[str, Area]:
        count = 0
        for order, data in enumerate(demo.AREAS):
            _, was_created = Area.objects.get_or_create(
                name=data["name"],
                defaults={
                    "reading": data["reading"],
                    "aliases": "\n".join(data.get("aliases", [])),
                    "sort_order": order,
                },
            )
            count += was_created
        self.created("地区", count)
        areas = {area.name: area for area in Area.objects.all()}
        self.created("地域の呼び名", demo.seed_zones(areas))
        return areas

    def seed_shelters(self, areas: dict[str, Area]) -> dict[str, Shelter]:
        count = 0
        for data in demo.SHELTERS:
            if Shelter.objects.filter(name=data["name"]).exists():
                continue
            shelter = Shelter(
                name=data["name"],
                reading=data.get("reading", ""),
                aliases="\n".join(data.get("aliases", [])),
                address=data.get("address", ""),
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                capacity=data.get("capacity"),
                status=data.get("status", "closed"),
                notes=data.get("notes", ""),
                **{f"serves_{hazard}": True for hazard in data.get("hazards", [])},
            )
            shelter.save()
            shelter.areas.set([areas[name] for name in data.get("areas", [])])
            shelter.save()
            count += 1
        self.created("避難所", count)
        return {shelter.name: shelter for shelter in Shelter.objects.all()}

    def seed_garbage(self, areas: dict[str, Area]) -> None:
        count = 0
        for order, data in enumerate(demo.GARBAGE_CATEGORIES):
            _, was_created = GarbageCategory.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "colour": data["colour"],
                    "how_to_put_out": data["how_to_put_out"],
                    "collect_on_holidays": data.get("collect_on_holidays", True),
                    "sort_order": order,
                },
            )
            count += was_created
        self.created("ごみの分別区分", count)
        categories = {
            category.slug: category for category in GarbageCategory.objects.all()
        }

        existing = set(GarbageItem.objects.values_list("name", flat=True))
        new_items = [
            GarbageItem(
                name=data["name"],
                reading=data.get("reading", ""),
                aliases="\n".join(data.get("aliases", [])),
                category=categories[data["category"]],
                notes=data.get("notes", ""),
            )
            for data in demo.GARBAGE_ITEMS
            if data["name"] not in existing
        ]
        for item in new_items:
            item.save()  # save() (not bulk_create) so the search index is updated
        self.created("ごみの品目", len(new_items))
        self.seed_garbage_synonyms()

        self.seed_collection_rules(areas, categories)

    def seed_garbage_synonyms(self) -> None:
        """ごみの言い換え from the seed data file (English, brands, old words)."""
        from pathlib import Path

        from home.models import GarbageSynonym
        from search.synonyms import parse_synonyms

        path = Path(__file__).resolve().parents[2] / "data" / "garbage_synonyms.tsv"
        by_name = {item.name: item for item in GarbageItem.objects.all()}
        existing = set(GarbageSynonym.objects.values_list("word", flat=True))
        created = 0
        for word, names in parse_synonyms(path.read_text(encoding="utf-8")):
            items = [by_name[name] for name in names if name in by_name]
            if word in existing or not items:
                continue
            synonym = GarbageSynonym.objects.create(word=word)
            synonym.items.set(items)
            created += 1
        self.created("ごみの言い換え", created)

    def seed_collection_rules(
        self, areas: dict[str, Area], categories: dict[str, GarbageCategory]
    ) -> None:
        """収集地区 with structured rules, the year-end closure and moved days."""
        center, _ = CollectionCenter.objects.get_or_create(
            name=demo.COLLECTION_CENTER["name"]
        )
        for data in demo.COLLECTION_CENTER["closures"]:
            CollectionClosure.objects.get_or_create(
                center=center,
                start=parse_date(data["start"]),
                end=parse_date(data["end"]),
                defaults={"label": data["label"]},
            )
        count = 0
        for order, data in enumerate(demo.COLLECTION_AREAS):
            if CollectionArea.objects.filter(name=data["name"]).exists():
                continue
            collection_area = CollectionArea(
                name=data["name"], sort_order=order, center=center
            )
            collection_area.areas.set([areas[name] for name in data["areas"]])
            collection_area.schedules = [
                # A row is either the text residents read (「毎週月曜日・木曜日」,
                # parsed into rules) or the structured fields themselves.
                CollectionSchedule(
                    category=categories[row["category"]],
                    **{key: value for key, value in row.items() if key != "category"},
                )
                for row in data["schedules"]
            ]
            collection_area.save()
            count += 1
        self.created("収集地区", count)
        # Areas seeded before structured rules existed get the closure too.
        CollectionArea.objects.filter(
            name__in=[data["name"] for data in demo.COLLECTION_AREAS],
            center__isnull=True,
        ).update(center=center)
        for data in demo.COLLECTION_EXCEPTIONS:
            CollectionException.objects.get_or_create(
                collection_area=CollectionArea.objects.get(
                    name=data["collection_area"]
                ),
                category=categories[data["category"]],
                date=parse_date(data["date"]),
                new_date=parse_date(data["new_date"]),
                defaults={"note": data["note"]},
            )

    def seed_site(self) -> HomePage:
        """The home page with its three sections; the default site points at it."""
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(
                instance=HomePage(title=demo.CITY["city_name"], slug="home")
            )
        if not home.introduction:
            home.title = demo.CITY["city_name"]
            home.introduction = f"{demo.CITY['city_name']}からのお知らせ、防災情報、ごみの分け方をご覧いただけます。"
            home.save_revision().publish()

        base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site = Site.objects.filter(is_default_site=True).first() or Site(
            is_default_site=True
        )
        site.hostname = base_url.hostname or "localhost"
        site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
        site.root_page = home
        site.site_name = demo.CITY["city_name"]
        site.save()

        self.child_page(
            home,
            NewsIndexPage,
            slug="news",
            title="お知らせ",
            intro="市からのお知らせです。",
        )
        self.child_page(
            home,
            DisasterIndexPage,
            slug="bousai",
            title="防災情報",
            intro="発表中の防災情報と、解除された情報です。",
        )
        self.child_page(
            home,
            GarbageGuidePage,
            slug="gomi",
            title="ごみの分け方・出し方",
            intro="<p>品目の名前で探すか、分別区分の一覧をご覧ください。</p>",
        )
        return home

    def child_page(self, parent: Page, model, *, slug: str, **fields) -> Page:
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
        return page

    def seed_news(
        self, home: HomePage, topics: dict[str, Topic], areas: dict[str, Area]
    ) -> None:
        index = NewsIndexPage.objects.child_of(home).get(slug="news")
        count = 0
        for position, data in enumerate(demo.NEWS):
            if NewsPage.objects.child_of(index).filter(slug=data["slug"]).exists():
                continue
            date = parse_date(data["date"])
            topic_slugs = data.get("topics", [])
            colour = (
                TOPIC_COLOURS[
                    [t["slug"] for t in demo.TOPICS].index(topic_slugs[0])
                    % len(TOPIC_COLOURS)
                ]
                if topic_slugs
                else TOPIC_COLOURS[position % len(TOPIC_COLOURS)]
            )
            page = NewsPage(
                title=data["title"],
                slug=data["slug"],
                date=date,
                summary=data["summary"],
                body=stream_blocks(data["body"]),
                main_image=demo_image(f"デモ画像 {data['title']}", colour),
                main_image_alt=f"「{data['title']}」のイメージ画像",
                first_published_at=datetime.combine(date, time(9, 0), tzinfo=JST),
            )
            page.topics = [topics[slug] for slug in topic_slugs]
            page.target_areas = [areas[name] for name in data.get("areas", [])]
            index.add_child(instance=page)
            page.save_revision().publish()
            count += 1
        self.created("お知らせ", count)

    def seed_surveys(self, home: HomePage) -> None:
        count = 0
        for data in demo.SURVEYS:
            if SurveyPage.objects.child_of(home).filter(slug=data["slug"]).exists():
                continue
            fields = {k: v for k, v in data.items() if k != "questions"}
            page = SurveyPage(**fields)
            page.questions = [
                SurveyQuestion(sort_order=order, **question)
                for order, question in enumerate(data["questions"])
            ]
            home.add_child(instance=page)
            page.save_revision().publish()
            count += 1
        self.created("アンケート", count)

    def seed_disaster_notices(
        self,
        home: HomePage,
        topics: dict[str, Topic],
        areas: dict[str, Area],
        shelters: dict[str, Shelter],
    ) -> None:
        index = DisasterIndexPage.objects.child_of(home).get(slug="bousai")
        count = 0
        for data in demo.DISASTER_NOTICES:
            if (
                DisasterNoticePage.objects.child_of(index)
                .filter(slug=data["slug"])
                .exists()
            ):
                continue
            issued_at = parse_datetime(data["issued_at"])
            page = DisasterNoticePage(
                title=data["title"],
                slug=data["slug"],
                level=data["level"],
                hazard=data["hazard"],
                issued_at=issued_at,
                lifted_at=parse_datetime(data["lifted_at"])
                if data.get("lifted_at")
                else None,
                summary=data["summary"],
                body=stream_blocks(data["body"]),
                first_published_at=issued_at,
            )
            page.topics = [
                topics[slug]
                for slug in data.get("topics", ["bousai"])
                if slug in topics
            ]
            page.target_areas = [areas[name] for name in data.get("areas", [])]
            page.shelters = [shelters[name] for name in data.get("shelters", [])]
            index.add_child(instance=page)
            page.save_revision().publish()
            count += 1
        self.created("防災情報", count)
