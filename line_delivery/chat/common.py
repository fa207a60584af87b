"""Messages the chat uses everywhere: help, quick replies, the settings link."""

import time
from typing import Any

from django.conf import settings

from home.models import CitySettings

from ..flex import absolute_url, text, uri_button, vertical_box


def settings_url() -> str:
    """受信設定 as a LIFF page inside LINE (built in the LIFF work), else on the web."""
    if settings.LINE_LIFF_ID:
        return f"https://liff.line.me/{settings.LINE_LIFF_ID}/settings/"
    return absolute_url("/liff/settings/")


def postback(
    label: str, action: str, display: str | None = None, **params: str
) -> dict[str, Any]:
    data = "&".join(
        [f"action={action}", *(f"{key}={value}" for key, value in params.items())]
    )
    item: dict[str, Any] = {"type": "postback", "label": label, "data": data}
    item["displayText"] = display or label
    return item


def quick_replies(actions: list[dict[str, Any]]) -> dict[str, Any]:
    """LINE shows at most 13 quick replies; we keep it to a few big, clear ones."""
    return {"items": [{"type": "action", "action": action} for action in actions[:13]]}


MAIN_ACTIONS = [
    postback("今日のごみ", "garbage_today"),
    postback("避難所", "shelters"),
    postback("防災情報", "disaster_latest"),
    postback("受信設定", "settings"),
    {"type": "location", "label": "現在地を送る"},
]


def help_message(intro: str | None = None) -> dict[str, Any]:
    text = intro or "ご用件をお選びください。"
    text += (
        "\n\n・ごみの品目名（例: ペットボトル）を送ると、分け方をお答えします。"
        "\n・下のボタンから、今日のごみ、避難所、防災情報、受信設定を開けます。"
    )
    return {"type": "text", "text": text, "quickReply": quick_replies(MAIN_ACTIONS)}


_CITY_NAME_SECONDS = 30.0
_city_name: tuple[float, str] = (0.0, "")


def city_name() -> str:
    """The city's name for chat answers, read at most every 30 s per process.

    A burst of follows would otherwise read the same settings row once per welcome
    message; staff who rename the city see the welcome change within half a minute.
    """
    global _city_name
    expires, name = _city_name
    now = time.monotonic()
    if now >= expires:
        name = CitySettings.load().city_name
        _city_name = (now + _CITY_NAME_SECONDS, name)
    return name


def welcome_messages() -> list[dict[str, Any]]:
    city = city_name()
    greeting = (
        "友だち追加ありがとうございます。受け取りたい情報とお住まいの地区を"
        "「受信設定」で選べます。選ばなければ、すべてのお知らせが届きます。"
    )
    bubble = {
        "type": "bubble",
        "body": vertical_box(
            [
                text(f"{city}の公式アカウントです", weight="bold", size="lg"),
                text(greeting),
            ],
            spacing="md",
        ),
        "footer": vertical_box([uri_button("受信設定を開く", settings_url())]),
    }
    return [
        {
            "type": "flex",
            "altText": f"友だち追加ありがとうございます。{city}の公式アカウントです。",
            "contents": bubble,
        },
        help_message("ごみの分け方や避難所も、ここで調べられます。"),
    ]


def settings_messages() -> list[dict[str, Any]]:
    return [
        {
            "type": "template",
            "altText": "受信設定はこちらから開けます。",
            "template": {
                "type": "buttons",
                "text": "受け取る情報と地区を選べます。",
                "actions": [
                    {"type": "uri", "label": "受信設定を開く", "uri": settings_url()}
                ],
            },
        }
    ]
