"""Rich menus in the sandbox channel: what a sandbox friend sees under the chat, and taps.

The emulator keeps its state in memory, so a new process (``make run`` after
``seed_demo``, a restart) starts empty; ``restore`` puts back what the database says
is on LINE (menus with their images, aliases, the default, test-member links) under
the same ids before anything reads or changes it.
"""

from __future__ import annotations

from typing import Any
import weakref

from ..line_emulator.app import LineApp
from ..line_emulator.records import RichMenu as EmulatedRichMenu
from ..models import Friend, SandboxMessage, TestMember
from ..sandbox import sandbox_app
from . import images
from .models import LineRichMenu, RichMenu, RichMenuDefault


_restored: weakref.WeakSet[LineApp] = weakref.WeakSet()


def _image(line_menu: LineRichMenu) -> bytes | None:
    menu = line_menu.revision.as_object() if line_menu.revision else line_menu.menu
    if menu is None or not menu.image:
        return None
    try:
        with menu.image.open("rb") as file:
            return file.read()
    except OSError:
        return None


def restore(app: LineApp | None = None) -> LineApp:
    """Make the sandbox emulator hold what the database says is on LINE (once)."""
    app = app or sandbox_app()
    if app in _restored:
        return app
    on_line = (
        LineRichMenu.objects.on_current_channel()
        .filter(status=LineRichMenu.Status.READY, deleted_at__isnull=True)
        .select_related("revision", "menu")
    )
    for line_menu in on_line:
        if line_menu.line_rich_menu_id in app.rich_menus:
            continue
        data = _image(line_menu)
        if data is None or "request" not in line_menu.body:
            continue
        with app.lock:
            app.rich_menus[line_menu.line_rich_menu_id] = EmulatedRichMenu(
                line_menu.line_rich_menu_id,
                line_menu.body["request"],
                app.clock.now(),
                data,
                images.content_type(data),
            )
    with app.lock:
        for menu in RichMenu.objects.all():
            live = menu.live_line_object()
            if live and live.line_rich_menu_id in app.rich_menus:
                app.aliases.setdefault(menu.alias_id, live.line_rich_menu_id)
        default = RichMenuDefault.load().line_object
        if (
            app.default_rich_menu is None
            and default is not None
            and default.line_rich_menu_id in app.rich_menus
        ):
            app.default_rich_menu = default.line_rich_menu_id
        for test in on_line.filter(
            purpose=LineRichMenu.Purpose.TEST, replaced_at__isnull=True
        ):
            for member in TestMember.objects.filter(is_active=True).select_related(
                "friend"
            ):
                app.user_rich_menus.setdefault(
                    member.friend.line_user_id, test.line_rich_menu_id
                )
    _restored.add(app)
    return app


def displayed(friend: Friend) -> dict[str, Any] | None:
    """The menu this sandbox friend sees, with its areas placed in % for the phone."""
    app = restore()
    rich_menu_id = app.displayed_rich_menu(friend.line_user_id)
    line_menu = (
        LineRichMenu.objects.filter(line_rich_menu_id=rich_menu_id).first()
        if rich_menu_id
        else None
    )
    if line_menu is None or "request" not in line_menu.body:
        return None
    request = line_menu.body["request"]
    width, height = request["size"]["width"], request["size"]["height"]
    areas = []
    for kept, area in zip(line_menu.body["_areas"], request["areas"], strict=False):
        bounds = area["bounds"]
        areas.append(
            {
                **kept,
                "uri": area["action"].get("uri", ""),
                "style": (
                    f"left:{100 * bounds['x'] / width:.3f}%;"
                    f"top:{100 * bounds['y'] / height:.3f}%;"
                    f"width:{100 * bounds['width'] / width:.3f}%;"
                    f"height:{100 * bounds['height'] / height:.3f}%"
                ),
            }
        )
    return {
        "line_menu": line_menu,
        "chat_bar_text": request["chatBarText"],
        "aspect": f"{width} / {height}",
        "areas": areas,
        "is_test": line_menu.purpose == LineRichMenu.Purpose.TEST,
    }


def image(rich_menu_id: str) -> tuple[bytes, str] | None:
    app = restore()
    with app.lock:
        menu = app.rich_menus.get(rich_menu_id)
        if menu is None or menu.image is None:
            return None
        return menu.image, menu.image_content_type or "image/png"


def tap(
    friend: Friend, line_menu: LineRichMenu, area_key: str
) -> dict[str, Any] | None:
    """A sandbox friend taps a postback, text or 切り替え area: the webhook event."""
    from ..webhook import simulated_postback_event

    app = restore()
    request = line_menu.body.get("request", {})
    for kept, area in zip(
        line_menu.body.get("_areas", []), request.get("areas", []), strict=False
    ):
        if kept.get("key") != area_key:
            continue
        action = area["action"]
        if action["type"] == "richmenuswitch":
            postback = app.tap_rich_menu_switch(
                friend.line_user_id, action["richMenuAliasId"], action["data"]
            )
        elif action["type"] == "postback":
            postback = {"data": action["data"]}
            if action.get("displayText"):  # LINE shows it as the resident's message
                SandboxMessage.objects.create(
                    friend=friend,
                    endpoint="resident",
                    message={"type": "text", "text": action["displayText"]},
                )
        else:
            return None
        return simulated_postback_event(friend.line_user_id, postback)
    return None
