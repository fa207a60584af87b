"""``manage.py seed_rich_menus``: the demo's 通常 and 災害時 rich menus (idempotent).

Called by ``seed_demo`` after the pages exist. Images are drawn by 「画像を自動で作る」
(``rich_menus.artwork``, with icons); both menus are published to the channel (the sandbox in
``make run``) and 通常 becomes the default.
"""

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from home.models import DisasterIndexPage, GarbageGuidePage, NewsIndexPage
from line_delivery.rich_menus import publish as service
from line_delivery.rich_menus.artwork import (
    ArtworkUnavailable,
    draw_areas,
    draw_blank_tiles,
)
from line_delivery.rich_menus.layouts import LAYOUTS_BY_KEY
from line_delivery.rich_menus.models import RichMenu, RichMenuDefault


def _page_id(model) -> int | None:
    page = model.objects.live().first()
    return page.pk if page else None


class Command(BaseCommand):
    help = "デモ用の「通常」と「災害時」のリッチメニューを作成して公開します。"

    def handle(self, *args, **options) -> None:
        normal = self.menu(
            RichMenu.Purpose.NORMAL,
            "通常メニュー",
            "メニュー",
            "full-6",
            [
                (
                    "ごみの日",
                    "trash",
                    {"action": "postback", "postback": "garbage_today"},
                ),
                ("ごみの分け方", "recycle", self.page(GarbageGuidePage)),
                ("お知らせ", "speakerphone", self.page(NewsIndexPage)),
                ("防災情報", "alert-triangle", self.page(DisasterIndexPage)),
                (
                    "避難所",
                    "home-shield",
                    {"action": "postback", "postback": "shelters"},
                ),
                (
                    "受信設定",
                    "settings",
                    {"action": "postback", "postback": "settings"},
                ),
            ],
        )
        self.menu(
            RichMenu.Purpose.DISASTER,
            "災害時メニュー",
            "災害時メニュー",
            "full-4",
            [
                (
                    "開設中の避難所",
                    "home-shield",
                    {"action": "postback", "postback": "shelters"},
                ),
                (
                    "発表中の防災情報",
                    "alert-triangle",
                    {"action": "postback", "postback": "disaster_latest"},
                ),
                ("防災情報ページ", "world", self.page(DisasterIndexPage)),
                (
                    "通常メニューへ",
                    "arrow-back-up",
                    {"action": "switch", "menu": normal.pk},
                ),
            ],
        )
        if RichMenuDefault.load().menu_id is None:
            outcome = service.set_default(RichMenu.Purpose.NORMAL)
            if not outcome.ok:
                self.stderr.write(f"  リッチメニュー: {outcome.message}")

    def page(self, model) -> dict:
        page_id = _page_id(model)
        if page_id is None:
            return {"action": "postback", "postback": "help"}
        return {"action": "page", "page": page_id}

    def menu(self, purpose, name, chat_bar_text, layout_key, cells) -> RichMenu:
        existing = RichMenu.objects.filter(purpose=purpose).first()
        if existing:
            return existing
        layout = LAYOUTS_BY_KEY[layout_key]
        areas = [
            {
                "key": f"{purpose[:1]}{index}",
                "x": x,
                "y": y,
                "w": w,
                "h": h,
                "label": label,
                "icon": icon,
                **action,
            }
            for index, ((x, y, w, h), (label, icon, action)) in enumerate(
                zip(layout.cells, cells, strict=True)
            )
        ]
        theme = "disaster" if purpose == RichMenu.Purpose.DISASTER else "colourful"
        try:
            image = draw_areas(layout.size, areas, theme).data
        except ArtworkUnavailable as error:  # no Japanese font on this machine
            self.stderr.write(f"  リッチメニュー「{name}」: {error}")
            image = draw_blank_tiles(layout.size, areas, theme)
        menu = RichMenu(
            name=name,
            purpose=purpose,
            chat_bar_text=chat_bar_text,
            size=layout.size,
            live=False,
            areas=areas,
        )
        menu.image.save(f"demo-{purpose}.png", ContentFile(image), save=False)
        menu.artwork = {
            "theme": theme,
            "labels": [area["label"] for area in areas],
            "file": menu.image.name,
        }
        menu.save()
        menu.save_revision().publish()
        line_menu = menu.live_line_object()
        self.stdout.write(
            f"  リッチメニュー「{name}」: "
            + ("公開しました" if line_menu else "公開できませんでした")
        )
        return menu
