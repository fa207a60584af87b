"""A photo sent in the chat starts a report: the answer links to the report page."""

from typing import Any

from django.conf import settings

from ..flex import absolute_url


def report_page_url() -> str:
    """The LIFF report page (inside LINE when a LIFF id is set), else on the web."""
    if settings.LINE_LIFF_ID:
        return f"https://liff.line.me/{settings.LINE_LIFF_ID}/reports/new/"
    return absolute_url("/liff/reports/new/")


def photo_messages() -> list[dict[str, Any]]:
    """What the bot says to a photo outside a conversation with staff."""
    url = report_page_url()
    return [
        {
            "type": "text",
            "text": (
                "写真ありがとうございます。道路・公園・街灯などの不具合のお知らせ"
                "（通報）でしたら、下の「通報する」から種類と場所を選んで送ってください。"
                "写真はもう一度選んでください。"
            ),
            "quickReply": {
                "items": [
                    {
                        "type": "action",
                        "action": {"type": "uri", "label": "通報する", "uri": url},
                    },
                    {
                        "type": "action",
                        "action": {
                            "type": "postback",
                            "label": "ほかの用件",
                            "data": "action=help",
                            "displayText": "ほかの用件",
                        },
                    },
                ]
            },
        }
    ]
