"""The fake LINE server, exercised over HTTP with the real line-bot-sdk v3 client.

These tests pin the behaviour the product relies on: what LINE accepts, what
it rejects (status and ``details[].property``), retry-key semantics, rate
limits, fault injection, rich menus on the right host, and LINE Login ID-token
verification. Cases the SDK refuses to send (its own pydantic checks) go over
raw HTTP, to prove the server would reject them too.
"""

from __future__ import annotations

from collections.abc import Iterator
import http.client
import json
from typing import Any
import urllib.parse
import uuid

from linebot.v3.messaging import (
    AltUri,
    ApiClient,
    ApiException,
    AudioMessage,
    BroadcastRequest,
    ButtonsTemplate,
    CameraAction,
    CameraRollAction,
    CarouselColumn,
    CarouselTemplate,
    ClipboardAction,
    Configuration,
    ConfirmTemplate,
    CreateRichMenuAliasRequest,
    DatetimePickerAction,
    Emoji,
    EmojiSubstitutionObject,
    ErrorResponse,
    FlexBlockStyle,
    FlexBox,
    FlexBoxLinearGradient,
    FlexBubble,
    FlexBubbleStyles,
    FlexButton,
    FlexCarousel,
    FlexFiller,
    FlexIcon,
    FlexImage,
    FlexMessage,
    FlexSeparator,
    FlexSpan,
    FlexText,
    FlexVideo,
    ImageCarouselColumn,
    ImageCarouselTemplate,
    ImagemapArea,
    ImagemapBaseSize,
    ImagemapExternalLink,
    ImagemapMessage,
    ImagemapVideo,
    ImageMessage,
    LocationAction,
    LocationMessage,
    MessageAction,
    MessageImagemapAction,
    MessagingApi,
    MessagingApiBlob,
    MulticastRequest,
    NarrowcastRequest,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    RichMenuArea,
    RichMenuBounds,
    RichMenuBulkLinkRequest,
    RichMenuRequest,
    RichMenuSize,
    RichMenuSwitchAction,
    Sender,
    StickerMessage,
    TemplateMessage,
    TextMessage,
    TextMessageV2,
    UpdateRichMenuAliasRequest,
    URIAction,
    URIImagemapAction,
    ValidateMessageRequest,
    VideoMessage,
)
import pytest
import urllib3

from line_delivery.line_emulator.images import make_jpeg_header, make_png

from .server import FakeLineServer, new_user_id


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


@pytest.fixture
def api(fake_line: FakeLineServer) -> Iterator[MessagingApi]:
    """MessagingApi against the fake api host."""
    with ApiClient(fake_line.sdk_configuration()) as client:
        yield MessagingApi(client)


@pytest.fixture
def blob(fake_line: FakeLineServer) -> Iterator[MessagingApiBlob]:
    """MessagingApiBlob against the fake api-data host."""
    with ApiClient(fake_line.sdk_configuration(data=True)) as client:
        yield MessagingApiBlob(client)


def key() -> str:
    """A fresh X-Line-Retry-Key."""
    return str(uuid.uuid4())


def error_body(error: ApiException) -> dict[str, Any]:
    """Parsed LINE error body of an SDK exception."""
    return json.loads(error.body)


def properties(error: ApiException) -> list[str]:
    """``details[].property`` of an SDK exception, via the SDK's own model."""
    parsed = ErrorResponse.from_json(error.body)
    return [d.var_property for d in parsed.details or []]


def raw(
    fake: FakeLineServer,
    method: str,
    path: str,
    body: Any = None,
    *,
    data_host: bool = False,
    headers: dict[str, str] | None = None,
    token: str | None = None,
    content_type: str = "application/json",
) -> tuple[int, dict[str, str], Any]:
    """Send a request the SDK would refuse to build; returns (status, headers, json)."""
    base = fake.data_api_base_url if data_host else fake.api_base_url
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    payload: bytes | None
    if body is None:
        payload = None
    elif isinstance(body, bytes):
        payload = body
    else:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    all_headers = {"Authorization": f"Bearer {token or fake.channel_access_token}"}
    if payload is not None:
        all_headers["Content-Type"] = content_type
    all_headers.update(headers or {})
    conn.request(method, path, body=payload, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    try:
        parsed = json.loads(data) if data else None
    except ValueError:
        parsed = data
    return response.status, {k.lower(): v for k, v in response.getheaders()}, parsed


def bubble(text: str = "hello", *, size: str | None = None) -> dict[str, Any]:
    """A small valid bubble as JSON."""
    data: dict[str, Any] = {
        "type": "bubble",
        "body": {
            "type": "box",
            "layout": "vertical",
            "contents": [{"type": "text", "text": text, "wrap": True}],
        },
    }
    if size:
        data["size"] = size
    return data


def flex(contents: dict[str, Any], alt: str = "news") -> dict[str, Any]:
    """A flex message around ``contents``."""
    return {"type": "flex", "altText": alt, "contents": contents}


def button_bubble(action: dict[str, Any]) -> dict[str, Any]:
    """A bubble whose body holds one button with ``action``."""
    return {
        "type": "bubble",
        "body": {
            "type": "box",
            "layout": "vertical",
            "contents": [{"type": "button", "action": action}],
        },
    }


def rich_menu_request(**overrides: Any) -> RichMenuRequest:
    """A valid 2500 × 843 rich menu with two areas."""
    data: dict[str, Any] = {
        "size": {"width": 2500, "height": 843},
        "selected": False,
        "name": "main",
        "chatBarText": "メニュー",
        "areas": [
            {
                "bounds": {"x": 0, "y": 0, "width": 1250, "height": 843},
                "action": {"type": "postback", "data": "tab=a"},
            },
            {
                "bounds": {"x": 1250, "y": 0, "width": 1250, "height": 843},
                "action": {
                    "type": "richmenuswitch",
                    "richMenuAliasId": "tab-b",
                    "data": "to-b",
                },
            },
        ],
    }
    data.update(overrides)
    return RichMenuRequest.from_dict(data)


# --------------------------------------------------------------------------
# sending
# --------------------------------------------------------------------------


def test_push_text_is_accepted_and_recorded(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user(display_name="大竹 太郎")
    retry_key = key()
    response = api.push_message_with_http_info(
        PushMessageRequest(
            to=user, messages=[TextMessage(text="ごみ収集日のお知らせ 🍎")]
        ),
        x_line_retry_key=retry_key,
    )
    assert response.status_code == 200
    request_id = response.headers["x-line-request-id"]
    [sent] = response.data.sent_messages
    [received] = fake_line.received(user)
    assert received.text == "ごみ収集日のお知らせ 🍎"
    assert received.endpoint == "push"
    assert received.retry_key == retry_key
    assert received.request_id == request_id
    assert received.message_id == sent.id
    assert fake_line.message_count("push") == 1
    assert fake_line.requests_for("pushMessage")[-1].status == 200
    assert fake_line.warnings == []


def test_multicast_records_every_recipient_once(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    users = [new_user_id() for _ in range(500)]
    api.multicast(
        MulticastRequest(
            to=users, messages=[TextMessage(text="a"), TextMessage(text="b")]
        ),
        x_line_retry_key=key(),
    )
    assert fake_line.recipients() == set(users)
    assert all(count == 1 for count in fake_line.delivery_counts().values())
    assert fake_line.received_texts(users[-1]) == ["a", "b"]
    assert fake_line.message_count("multicast") == 1000


def test_multicast_rejects_501_recipients_and_bad_ids(
    fake_line: FakeLineServer,
) -> None:
    message = [{"type": "text", "text": "x"}]
    status, _, body = raw(
        fake_line,
        "POST",
        "/v2/bot/message/multicast",
        {"to": [new_user_id() for _ in range(501)], "messages": message},
    )
    assert status == 400
    assert body["details"][0] == {
        "message": "Size must be between 1 and 500",
        "property": "to",
    }
    status, _, body = raw(
        fake_line,
        "POST",
        "/v2/bot/message/multicast",
        {"to": [new_user_id(), "C" + "0" * 32], "messages": message},
    )
    assert status == 400
    assert body["message"].startswith(
        "The property, to[1], in the request body is invalid"
    )
    assert fake_line.deliveries == []


def test_flex_bubble_and_full_carousel_are_accepted(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user()
    sdk_bubble = FlexBubble(
        hero=FlexImage(
            url="https://example.jp/hero.png", size="full", aspect_ratio="20:13"
        ),
        body=FlexBox(
            layout="vertical",
            spacing="md",
            contents=[
                FlexText(
                    text="避難所を開設しました", weight="bold", size="xl", wrap=True
                ),
                FlexButton(
                    style="primary",
                    action=URIAction(
                        label="地図を見る",
                        uri="https://example.jp/map?q=%E5%A4%A7%E7%AB%B9",
                    ),
                ),
            ],
        ),
    )
    carousel = FlexCarousel(contents=[sdk_bubble] * 12)
    api.push_message(
        PushMessageRequest(
            to=user,
            messages=[
                FlexMessage(alt_text="防災情報", contents=sdk_bubble),
                FlexMessage(alt_text="一覧", contents=carousel),
            ],
        ),
        x_line_retry_key=key(),
    )
    assert [m.type for m in fake_line.received(user)] == ["flex", "flex"]


def test_valid_messages_of_every_type_are_accepted(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    """Guard against false rejections: everything here is valid on LINE."""
    msgs = [
        TextMessage(
            text="$ hello $",
            emojis=[
                Emoji(index=0, product_id="5ac1bfd5040ab15980c9b435", emoji_id="001"),
                Emoji(index=8, product_id="5ac1bfd5040ab15980c9b435", emoji_id="002"),
            ],
            quick_reply=QuickReply(
                items=[
                    QuickReplyItem(action=CameraAction(label="カメラ")),
                    QuickReplyItem(action=CameraRollAction(label="写真")),
                    QuickReplyItem(action=LocationAction(label="位置情報")),
                    QuickReplyItem(
                        image_url="https://example.jp/i.png",
                        action=MessageAction(label="はい", text="はい"),
                    ),
                    QuickReplyItem(
                        action=PostbackAction(
                            label="p",
                            data="a=1",
                            display_text="選択",
                            input_option="openKeyboard",
                            fill_in_text="x",
                        )
                    ),
                    QuickReplyItem(
                        action=DatetimePickerAction(
                            label="日付",
                            data="d",
                            mode="datetime",
                            initial="2026-01-01T10:00",
                            min="2025-12-31t00:00",
                            max="2100-12-31T23:59",
                        )
                    ),
                    QuickReplyItem(
                        action=ClipboardAction(
                            label="コピー", clipboard_text="3B48740B"
                        )
                    ),
                    QuickReplyItem(
                        action=URIAction(label="電話", uri="tel:0827-59-2111")
                    ),
                ]
            ),
            sender=Sender(name="大竹市 防災", icon_url="https://example.jp/icon.png"),
        ),
        TextMessageV2(
            text="こんにちは {laugh} {{literal}}",
            substitution={
                "laugh": EmojiSubstitutionObject(
                    product_id="5a8555cfe6256cc92ea23c2a", emoji_id="002"
                )
            },
        ),
        StickerMessage(package_id="446", sticker_id="1988"),
        ImageMessage(
            original_content_url="https://example.jp/a.jpg",
            preview_image_url="https://example.jp/a_p.jpg",
        ),
    ]
    msgs2 = [
        VideoMessage(
            original_content_url="https://example.jp/a.mp4",
            preview_image_url="https://example.jp/a.jpg",
            tracking_id="track-1",
        ),
        AudioMessage(original_content_url="https://example.jp/a.m4a", duration=60000),
        LocationMessage(
            title="大竹市役所",
            address="広島県大竹市小方1-11-1",
            latitude=34.238,
            longitude=132.222,
        ),
        ImagemapMessage(
            base_url="https://example.jp/imagemap/1",
            alt_text="地図",
            base_size=ImagemapBaseSize(width=1040, height=1040),
            actions=[
                URIImagemapAction(
                    link_uri="https://example.jp/",
                    area=ImagemapArea(x=0, y=0, width=520, height=1040),
                    label="link",
                ),
                MessageImagemapAction(
                    text="hello", area=ImagemapArea(x=520, y=0, width=520, height=1040)
                ),
            ],
            video=ImagemapVideo(
                original_content_url="https://example.jp/v.mp4",
                preview_image_url="https://example.jp/v.jpg",
                area=ImagemapArea(x=0, y=0, width=1040, height=585),
                external_link=ImagemapExternalLink(
                    link_uri="https://example.jp/more", label="See More"
                ),
            ),
        ),
        TemplateMessage(
            alt_text="ボタン",
            template=ButtonsTemplate(
                thumbnail_image_url="https://example.jp/t.jpg",
                image_aspect_ratio="rectangle",
                image_size="cover",
                image_background_color="#FFFFFF",
                title="メニュー",
                text="選んでください",
                default_action=URIAction(
                    label="詳細", uri="http://example.jp/page/123"
                ),
                actions=[
                    PostbackAction(label="購入", data="action=buy"),
                    MessageAction(label="はい", text="はい"),
                    URIAction(label="詳細", uri="https://example.jp"),
                    DatetimePickerAction(
                        label="日付", data="x", mode="date", initial="2026-05-01"
                    ),
                ],
            ),
        ),
    ]
    msgs3 = [
        TemplateMessage(
            alt_text="確認",
            template=ConfirmTemplate(
                text="よろしいですか?",
                actions=[
                    MessageAction(label="はい", text="yes"),
                    MessageAction(label="いいえ", text="no"),
                ],
            ),
        ),
        TemplateMessage(
            alt_text="カルーセル",
            template=CarouselTemplate(
                columns=[
                    CarouselColumn(
                        thumbnail_image_url="https://example.jp/1.jpg",
                        title="t",
                        text="d",
                        actions=[PostbackAction(label="a", data="1")],
                    ),
                    CarouselColumn(
                        thumbnail_image_url="https://example.jp/2.jpg",
                        title="t2",
                        text="d2",
                        actions=[PostbackAction(label="b", data="2")],
                    ),
                ],
                image_aspect_ratio="square",
                image_size="contain",
            ),
        ),
        TemplateMessage(
            alt_text="画像",
            template=ImageCarouselTemplate(
                columns=[
                    ImageCarouselColumn(
                        image_url="https://example.jp/1.jpg",
                        action=PostbackAction(data="1"),
                    ),
                    ImageCarouselColumn(
                        image_url="https://example.jp/2.jpg",
                        action=URIAction(label="見る", uri="https://example.jp"),
                    ),
                ]
            ),
        ),
        FlexMessage(
            alt_text="flex",
            contents=FlexBubble(
                size="giga",
                direction="ltr",
                header=FlexBox(
                    layout="vertical",
                    contents=[FlexText(text="Header", color="#ffffff")],
                    background_color="#0000ffcc",
                    padding_all="20px",
                ),
                hero=FlexVideo(
                    url="https://example.jp/v.mp4",
                    preview_url="https://example.jp/v.jpg",
                    aspect_ratio="20:13",
                    alt_content=FlexImage(
                        url="https://example.jp/i.jpg",
                        size="full",
                        aspect_ratio="20:13",
                        aspect_mode="cover",
                    ),
                    action=URIAction(label="more", uri="https://example.jp"),
                ),
                body=FlexBox(
                    layout="vertical",
                    spacing="sm",
                    corner_radius="xl",
                    border_width="semi-bold",
                    border_color="#000000",
                    width="80%",
                    height="200px",
                    offset_top="10px",
                    position="relative",
                    justify_content="space-evenly",
                    align_items="center",
                    background=FlexBoxLinearGradient(
                        angle="90deg",
                        start_color="#FFFF00",
                        end_color="#0080ff",
                        center_color="#ff0000",
                        center_position="30%",
                    ),
                    contents=[
                        FlexBox(
                            layout="baseline",
                            contents=[
                                FlexIcon(
                                    url="https://example.jp/star.png",
                                    size="sm",
                                    aspect_ratio="1.91:1",
                                ),
                                FlexText(text="4.0", size="12px", flex=0, margin="md"),
                                FlexFiller(),
                            ],
                        ),
                        FlexText(
                            contents=[
                                FlexSpan(
                                    text="蛙",
                                    size="xxl",
                                    weight="bold",
                                    style="italic",
                                    color="#4f8f00",
                                ),
                                FlexSpan(text="!", decoration="underline"),
                            ],
                            wrap=True,
                            line_spacing="8px",
                            max_lines=3,
                        ),
                        FlexSeparator(margin="xxl", color="#cccccc"),
                        FlexImage(
                            url="https://example.jp/i.png",
                            size="5xl",
                            animated=True,
                            action=PostbackAction(data="img"),
                        ),
                        FlexButton(
                            action=URIAction(
                                label="ボタン",
                                uri="https://line.me/R/nv/recommendOA/%40linedevelopers",
                                alt_uri=AltUri(desktop="https://example.jp/pc"),
                            ),
                            style="secondary",
                            height="sm",
                            adjust_mode="shrink-to-fit",
                            scaling=True,
                        ),
                    ],
                ),
                footer=FlexBox(
                    layout="horizontal",
                    contents=[
                        FlexButton(
                            action=ClipboardAction(label="copy", clipboard_text="abc")
                        )
                    ],
                ),
                styles=FlexBubbleStyles(
                    footer=FlexBlockStyle(
                        background_color="#00ffff",
                        separator=True,
                        separator_color="#000000",
                    )
                ),
                action=URIAction(uri="https://example.jp"),
            ),
        ),
    ]
    user = fake_line.add_user()
    for batch in (msgs, msgs2, msgs3):
        api.push_message(
            PushMessageRequest(to=user, messages=batch), x_line_retry_key=key()
        )
    assert len(fake_line.received(user)) == 13
    assert fake_line.warnings == []


def test_validate_endpoint_reports_details(api: MessagingApi) -> None:
    with pytest.raises(ApiException) as caught:
        api.validate_push(
            ValidateMessageRequest(messages=[TextMessage(text="x" * 5001)])
        )
    assert caught.value.status == 400
    assert error_body(caught.value) == {
        "message": "The request body has 1 error(s)",
        "details": [
            {
                "message": "Length must be between 0 and 5000",
                "property": "messages[0].text",
            }
        ],
    }
    api.validate_push(ValidateMessageRequest(messages=[TextMessage(text="🍎" * 2500)]))


LONG_URI = "https://example.jp/" + "a" * 982  # 1001 characters
BIG_TEXT = "あ" * 3000  # 9,000 bytes of UTF-8 per text component

LIMIT_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("text over 5000", {"type": "text", "text": "x" * 5001}, "messages[0].text"),
    (
        "surrogate pairs count twice",
        {"type": "text", "text": "🍎" * 2501},
        "messages[0].text",
    ),
    ("empty text", {"type": "text", "text": ""}, "messages[0].text"),
    ("flex altText over 1500", flex(bubble(), alt="a" * 1501), "messages[0].altText"),
    (
        "carousel of 13 bubbles",
        flex({"type": "carousel", "contents": [bubble()] * 13}),
        "messages[0].contents.contents",
    ),
    (
        "carousel mixing bubble sizes",
        flex(
            {"type": "carousel", "contents": [bubble(size="kilo"), bubble(size="mega")]}
        ),
        "messages[0].contents.contents",
    ),
    ("bubble over 30 KB", flex(bubble("あ" * 11000)), "messages[0].contents"),
    (
        "carousel over 50 KB",
        flex({"type": "carousel", "contents": [bubble(BIG_TEXT)] * 6}),
        "messages[0].contents",
    ),
    (
        "uri over 1000 characters",
        flex(button_bubble({"type": "uri", "label": "open", "uri": LONG_URI})),
        "messages[0].contents.body.contents[0].action.uri",
    ),
    (
        "uri with a raw space",
        flex(
            button_bubble(
                {"type": "uri", "label": "open", "uri": "https://example.jp/a b"}
            )
        ),
        "messages[0].contents.body.contents[0].action.uri",
    ),
    (
        "uri with raw Japanese",
        flex(
            button_bubble(
                {"type": "uri", "label": "open", "uri": "https://example.jp/大竹"}
            )
        ),
        "messages[0].contents.body.contents[0].action.uri",
    ),
    (
        "uri with a forbidden scheme",
        flex(
            button_bubble({"type": "uri", "label": "open", "uri": "ftp://example.jp/"})
        ),
        "messages[0].contents.body.contents[0].action.uri",
    ),
    (
        "flex button label over 40",
        flex(button_bubble({"type": "postback", "label": "l" * 41, "data": "d"})),
        "messages[0].contents.body.contents[0].action.label",
    ),
    (
        "flex button without label",
        flex(button_bubble({"type": "postback", "data": "d"})),
        "messages[0].contents.body.contents[0].action.label",
    ),
    (
        "camera action outside quick reply",
        flex(button_bubble({"type": "camera", "label": "cam"})),
        "messages[0].contents.body.contents[0].action.type",
    ),
    (
        "template action label over 20",
        {
            "type": "template",
            "altText": "t",
            "template": {
                "type": "buttons",
                "text": "choose",
                "actions": [{"type": "message", "label": "l" * 21, "text": "x"}],
            },
        },
        "messages[0].template.actions[0].label",
    ),
    (
        "buttons template text over 60 with a title",
        {
            "type": "template",
            "altText": "t",
            "template": {
                "type": "buttons",
                "title": "title",
                "text": "t" * 61,
                "actions": [{"type": "message", "label": "ok", "text": "x"}],
            },
        },
        "messages[0].template.text",
    ),
    (
        "quick reply item without label",
        {
            "type": "text",
            "text": "?",
            "quickReply": {
                "items": [
                    {"type": "action", "action": {"type": "message", "text": "a"}}
                ]
            },
        },
        "messages[0].quickReply.items[0].action.label",
    ),
    (
        "richmenuswitch in quick reply",
        {
            "type": "text",
            "text": "?",
            "quickReply": {
                "items": [
                    {
                        "type": "action",
                        "action": {
                            "type": "richmenuswitch",
                            "label": "b",
                            "richMenuAliasId": "b",
                            "data": "b",
                        },
                    }
                ]
            },
        },
        "messages[0].quickReply.items[0].action.type",
    ),
    (
        "http image url",
        {
            "type": "image",
            "originalContentUrl": "http://example.jp/a.jpg",
            "previewImageUrl": "https://example.jp/a.jpg",
        },
        "messages[0].originalContentUrl",
    ),
    (
        "button in a baseline box",
        flex(
            {
                "type": "bubble",
                "body": {
                    "type": "box",
                    "layout": "baseline",
                    "contents": [
                        {
                            "type": "button",
                            "action": {"type": "message", "label": "a", "text": "a"},
                        }
                    ],
                },
            }
        ),
        "messages[0].contents.body.contents[0].type",
    ),
    (
        "bad flex margin keyword",
        flex(
            {
                "type": "bubble",
                "body": {
                    "type": "box",
                    "layout": "vertical",
                    "contents": [{"type": "text", "text": "a", "margin": "huge"}],
                },
            }
        ),
        "messages[0].contents.body.contents[0].margin",
    ),
    (
        "imagemap base width not 1040",
        {
            "type": "imagemap",
            "baseUrl": "https://example.jp/map",
            "altText": "map",
            "baseSize": {"width": 1000, "height": 1000},
            "actions": [],
        },
        "messages[0].baseSize.width",
    ),
    (
        "sender name containing LINE",
        {"type": "text", "text": "hi", "sender": {"name": "Otake LINE"}},
        "messages[0].sender.name",
    ),
]


@pytest.mark.parametrize(
    ("message", "prop"),
    [pytest.param(m, p, id=name) for name, m, p in LIMIT_CASES],
)
def test_documented_limits_are_rejected_through_the_sdk(
    fake_line: FakeLineServer, api: MessagingApi, message: dict[str, Any], prop: str
) -> None:
    user = fake_line.add_user()
    request = PushMessageRequest.from_dict({"to": user, "messages": [message]})
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=key())
    assert caught.value.status == 400
    assert prop in properties(caught.value), error_body(caught.value)
    assert fake_line.received(user) == []
    rejected = fake_line.requests[-1]
    assert rejected.status == 400
    assert rejected.error is not None


RAW_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("six messages", {"messages": [{"type": "text", "text": "x"}] * 6}, "messages"),
    ("unknown message type", {"messages": [{"type": "bogus"}]}, "messages[0].type"),
    (
        "fourteen quick reply items",
        {
            "messages": [
                {
                    "type": "text",
                    "text": "?",
                    "quickReply": {
                        "items": [
                            {
                                "type": "action",
                                "action": {
                                    "type": "message",
                                    "label": "a",
                                    "text": "a",
                                },
                            }
                        ]
                        * 14
                    },
                }
            ]
        },
        "messages[0].quickReply.items",
    ),
    (
        "postback data over 300",
        {
            "messages": [
                flex(
                    button_bubble({"type": "postback", "label": "x", "data": "d" * 301})
                )
            ]
        },
        "messages[0].contents.body.contents[0].action.data",
    ),
    (
        "unknown property",
        {"messages": [{"type": "text", "text": "x", "foo": 1}]},
        "messages[0].foo",
    ),
    (
        "wrong JSON type",
        {"messages": [{"type": "text", "text": 123}]},
        "messages[0].text",
    ),
    (
        "box layout not in the enum",
        {
            "messages": [
                flex(
                    {
                        "type": "bubble",
                        "body": {"type": "box", "layout": "diagonal", "contents": []},
                    }
                )
            ]
        },
        "messages[0].contents.body.layout",
    ),
    (
        "two aggregation units",
        {
            "messages": [{"type": "text", "text": "x"}],
            "customAggregationUnits": ["a", "b"],
        },
        "customAggregationUnits",
    ),
]


@pytest.mark.parametrize(
    ("body", "prop"),
    [pytest.param(b, p, id=name) for name, b, p in RAW_CASES],
)
def test_spec_limits_the_sdk_refuses_are_rejected_by_the_server_too(
    fake_line: FakeLineServer, body: dict[str, Any], prop: str
) -> None:
    status, headers, data = raw(
        fake_line, "POST", "/v2/bot/message/push", {"to": new_user_id(), **body}
    )
    assert status == 400
    assert prop in [d.get("property") for d in data["details"]], data
    assert "x-line-request-id" in headers


def test_reply_tokens_are_single_use(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user()
    token = fake_line.issue_reply_token(user)
    request = ReplyMessageRequest(
        reply_token=token, messages=[TextMessage(text="はい")]
    )
    api.reply_message(request)
    with pytest.raises(ApiException) as caught:
        api.reply_message(request)
    assert (caught.value.status, error_body(caught.value)) == (
        400,
        {"message": "Invalid reply token"},
    )
    expired = fake_line.issue_reply_token(user)
    fake_line.advance_time(61)
    with pytest.raises(ApiException):
        api.reply_message(
            ReplyMessageRequest(reply_token=expired, messages=[TextMessage(text="x")])
        )
    assert fake_line.received_texts(user) == ["はい"]


def test_broadcast_and_narrowcast_expand_to_followers(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    followers = fake_line.add_followers(5)
    fake_line.block(followers[0])
    api.broadcast(
        BroadcastRequest(messages=[TextMessage(text="全員へ")]), x_line_retry_key=key()
    )
    assert fake_line.recipients() == set(followers[1:])
    fake_line.add_audience(4242, followers[3:])
    response = api.narrowcast_with_http_info(
        NarrowcastRequest.from_dict(
            {
                "messages": [{"type": "text", "text": "一部へ"}],
                "recipient": {"type": "audience", "audienceGroupId": 4242},
            }
        ),
        x_line_retry_key=key(),
    )
    assert response.status_code == 202
    progress = api.get_narrowcast_progress(response.headers["x-line-request-id"])
    assert (progress.phase, progress.success_count) == ("succeeded", 2)
    assert fake_line.received_texts(followers[4]) == ["全員へ", "一部へ"]
    assert fake_line.received_texts(followers[1]) == ["全員へ"]


def test_profile_followers_quota_and_bot_info(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user(
        display_name="市民 花子", picture_url="https://example.jp/p.png"
    )
    fake_line.add_followers(400)
    profile = api.get_profile(user)
    assert (profile.display_name, profile.user_id) == ("市民 花子", user)
    with pytest.raises(ApiException) as caught:
        api.get_profile(new_user_id())
    assert (caught.value.status, error_body(caught.value)) == (
        404,
        {"message": "Not found"},
    )
    first = api.get_followers(limit=300)
    second = api.get_followers(start=first.next, limit=300)
    assert len(first.user_ids) + len(second.user_ids) == 401 and second.next is None
    assert api.get_message_quota().type == "none"
    assert api.get_bot_info().chat_mode == "bot"
    fake_line.set_monthly_quota(2)
    api.multicast(
        MulticastRequest(to=[user, new_user_id()], messages=[TextMessage(text="x")])
    )
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=user, messages=[TextMessage(text="y")]))
    assert (caught.value.status, error_body(caught.value)) == (
        429,
        {"message": "You have reached your monthly limit."},
    )
    assert api.get_message_quota_consumption().total_usage == 2


# --------------------------------------------------------------------------
# retry key
# --------------------------------------------------------------------------


def test_retry_key_reuse_gets_409_and_is_not_delivered_twice(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user()
    retry_key = key()
    request = PushMessageRequest(to=user, messages=[TextMessage(text="一度だけ")])
    first = api.push_message_with_http_info(request, x_line_retry_key=retry_key)
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=retry_key)
    error = caught.value
    assert error.status == 409
    assert (
        error.headers["X-Line-Accepted-Request-Id"]
        == first.headers["x-line-request-id"]
    )
    assert error.headers["X-Line-Request-Id"] != first.headers["x-line-request-id"]
    body = error_body(error)
    assert body["message"] == "The retry key is already accepted"
    assert body["sentMessages"] == [m.to_dict() for m in first.data.sent_messages]
    assert fake_line.received_texts(user) == ["一度だけ"]
    # LINE keeps keys for 24 hours; after that the same key is a new request.
    fake_line.advance_time(24 * 3600 + 1)
    api.push_message(request, x_line_retry_key=retry_key)
    assert fake_line.received_texts(user) == ["一度だけ", "一度だけ"]


def test_retry_key_must_be_a_uuid_and_only_on_supported_endpoints(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user()
    with pytest.raises(ApiException) as caught:
        api.push_message(
            PushMessageRequest(to=user, messages=[TextMessage(text="x")]),
            x_line_retry_key="not-a-uuid",
        )
    assert caught.value.status == 400
    token = fake_line.issue_reply_token(user)
    with pytest.raises(ApiException) as caught:
        api.reply_message(
            ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="x")]),
            _headers={"X-Line-Retry-Key": key()},
        )
    assert caught.value.status == 400
    assert fake_line.deliveries == []


def test_reusing_a_key_with_another_body_is_flagged(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user()
    retry_key = key()
    api.push_message(
        PushMessageRequest(to=user, messages=[TextMessage(text="a")]),
        x_line_retry_key=retry_key,
    )
    with pytest.raises(ApiException):
        api.push_message(
            PushMessageRequest(to=user, messages=[TextMessage(text="b")]),
            x_line_retry_key=retry_key,
        )
    assert len(fake_line.warnings) == 1


# --------------------------------------------------------------------------
# auth, hosts, transport
# --------------------------------------------------------------------------


def test_bad_or_missing_token_gets_401(fake_line: FakeLineServer) -> None:
    config = Configuration(host=fake_line.api_base_url, access_token="wrong")
    with ApiClient(config) as client, pytest.raises(ApiException) as caught:
        MessagingApi(client).get_bot_info()
    assert caught.value.status == 401
    assert error_body(caught.value)["message"].startswith("Authentication failed")
    status, headers, body = raw(
        fake_line, "GET", "/v2/bot/info", headers={"Authorization": ""}
    )
    assert status == 401 and "Authorization header required" in body["message"]
    assert "x-line-request-id" in headers


def test_wrong_host_and_double_slash_get_404(fake_line: FakeLineServer) -> None:
    data_config = fake_line.sdk_configuration(data=True)
    with ApiClient(data_config) as client, pytest.raises(ApiException) as caught:
        MessagingApi(client).get_bot_info()
    assert caught.value.status == 404
    with (
        ApiClient(fake_line.sdk_configuration()) as client,
        pytest.raises(ApiException) as caught,
    ):
        MessagingApiBlob(client).get_rich_menu_image("richmenu-" + "0" * 32)
    assert caught.value.status == 404
    slash = Configuration(
        host=fake_line.api_base_url + "/", access_token=fake_line.channel_access_token
    )
    with ApiClient(slash) as client, pytest.raises(ApiException) as caught:
        MessagingApi(client).get_bot_info()
    assert caught.value.status == 404


def test_body_size_content_type_and_json_errors(fake_line: FakeLineServer) -> None:
    status, _, body = raw(fake_line, "POST", "/v2/bot/message/push", b"x" * 2_000_001)
    assert (status, body) == (413, {"message": "Payload Too Large"})
    status, _, body = raw(fake_line, "POST", "/v2/bot/message/push", b'{"to": ')
    assert status == 400 and body["message"].startswith(
        "The request body could not be parsed as JSON"
    )
    status, _, body = raw(
        fake_line, "POST", "/v2/bot/message/push", b"{}", content_type="text/plain"
    )
    assert (status, body) == (
        415,
        {"message": "The content type, text/plain, is not supported"},
    )


# --------------------------------------------------------------------------
# rate limits and faults
# --------------------------------------------------------------------------


def test_rate_limit_gets_429_without_retry_after(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user()
    fake_line.set_rate_limit("pushMessage", 2, per_seconds=1.0)
    request = PushMessageRequest(to=user, messages=[TextMessage(text="x")])
    api.push_message(request)
    api.push_message(request)
    with pytest.raises(ApiException) as caught:
        api.push_message(request)
    assert caught.value.status == 429
    assert error_body(caught.value) == {
        "message": "The API rate limit has been exceeded. Try again later."
    }
    assert "Retry-After" not in caught.value.headers
    fake_line.advance_time(1.0)
    api.push_message(request)
    assert len(fake_line.received(user)) == 3


def test_broadcast_default_limit_is_60_per_hour(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    request = BroadcastRequest(messages=[TextMessage(text="x")])
    for _ in range(60):
        api.broadcast(request)
    with pytest.raises(ApiException) as caught:
        api.broadcast(request)
    assert caught.value.status == 429
    fake_line.advance_time(60)  # one token per minute
    api.broadcast(request)


def test_500_after_accept_then_retry_with_same_key_gets_409(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user()
    fake_line.faults.fail_after_accept(
        rate=1.0, status=500, count=1, endpoints=["push"]
    )
    retry_key = key()
    request = PushMessageRequest(to=user, messages=[TextMessage(text="避難指示")])
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=retry_key)
    assert caught.value.status == 500
    accepted_id = caught.value.headers["X-Line-Request-Id"]
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=retry_key)
    assert caught.value.status == 409
    assert caught.value.headers["X-Line-Accepted-Request-Id"] == accepted_id
    assert fake_line.received_texts(user) == ["避難指示"]
    assert [f.phase for f in fake_line.faults.fired] == ["after_accept"]


def test_500_before_accept_then_retry_is_delivered_once(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    users = [fake_line.add_user() for _ in range(3)]
    fake_line.faults.next_n(2, 503, endpoints="multicast")
    retry_key = key()
    request = MulticastRequest(to=users, messages=[TextMessage(text="x")])
    for _ in range(2):
        with pytest.raises(ApiException) as caught:
            api.multicast(request, x_line_retry_key=retry_key)
        assert caught.value.status == 503
    api.multicast(request, x_line_retry_key=retry_key)
    assert all(fake_line.received_texts(u) == ["x"] for u in users)


def test_timeout_after_accept_then_retry_gets_409(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    user = fake_line.add_user()
    fake_line.faults.delay(0.6, count=1, endpoints="push")
    retry_key = key()
    request = PushMessageRequest(to=user, messages=[TextMessage(text="遅延")])
    with pytest.raises(urllib3.exceptions.HTTPError):
        api.push_message(request, x_line_retry_key=retry_key, _request_timeout=0.2)
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=retry_key)
    assert caught.value.status == 409
    assert fake_line.received_texts(user) == ["遅延"]


def test_disconnect_and_seeded_randomness(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    # urllib3 retries idempotent GETs on a dropped connection, so drop them all.
    fake_line.faults.disconnect(endpoints="getBotInfo")
    with pytest.raises(urllib3.exceptions.HTTPError):
        api.get_bot_info()
    assert len(fake_line.faults.fired) >= 1

    def run() -> list[int]:
        fake_line.faults.clear()
        fake_line.faults.seed(7)
        fake_line.faults.fail_before_accept(
            rate=0.5, status=500, endpoints="getBotInfo"
        )
        statuses = []
        for _ in range(20):
            try:
                api.get_bot_info()
                statuses.append(200)
            except ApiException as error:
                statuses.append(error.status)
        return statuses

    first, second = run(), run()
    assert first == second
    assert set(first) == {200, 500}


# --------------------------------------------------------------------------
# rich menus
# --------------------------------------------------------------------------


def test_rich_menu_lifecycle_on_both_hosts(
    fake_line: FakeLineServer, api: MessagingApi, blob: MessagingApiBlob
) -> None:
    user = fake_line.add_user()
    menu_a = api.create_rich_menu(rich_menu_request(name="A")).rich_menu_id
    menu_b = api.create_rich_menu(rich_menu_request(name="B")).rich_menu_id
    png = make_png(2500, 843)
    # No image yet: cannot become default or an alias target.
    with pytest.raises(ApiException) as caught:
        api.set_default_rich_menu(menu_a)
    assert caught.value.status == 400
    with pytest.raises(ApiException) as caught:
        blob.set_rich_menu_image(
            menu_a, body=make_png(2500, 843), _headers={"Content-Type": "image/gif"}
        )
    assert caught.value.status == 415
    for menu in (menu_a, menu_b):
        blob.set_rich_menu_image(menu, body=png, _headers={"Content-Type": "image/png"})
    with pytest.raises(ApiException) as caught:
        blob.set_rich_menu_image(
            menu_a, body=png, _headers={"Content-Type": "image/png"}
        )
    assert error_body(caught.value) == {
        "message": "An image has already been uploaded to the richmenu"
    }
    assert bytes(blob.get_rich_menu_image(menu_a)) == png

    api.create_rich_menu_alias(
        CreateRichMenuAliasRequest(rich_menu_alias_id="tab-a", rich_menu_id=menu_a)
    )
    api.create_rich_menu_alias(
        CreateRichMenuAliasRequest(rich_menu_alias_id="tab-b", rich_menu_id=menu_b)
    )
    with pytest.raises(ApiException) as caught:
        api.create_rich_menu_alias(
            CreateRichMenuAliasRequest(rich_menu_alias_id="tab-a", rich_menu_id=menu_b)
        )
    assert error_body(caught.value)["message"] == "conflict richmenu alias id"
    api.update_rich_menu_alias("tab-a", UpdateRichMenuAliasRequest(rich_menu_id=menu_a))
    assert {a.rich_menu_alias_id for a in api.get_rich_menu_alias_list().aliases} == {
        "tab-a",
        "tab-b",
    }

    api.set_default_rich_menu(menu_a)
    assert api.get_default_rich_menu_id().rich_menu_id == menu_a
    assert fake_line.displayed_rich_menu(user) == menu_a
    # Tapping the right half (a richmenuswitch area) moves the user to tab B.
    action = fake_line.tap_rich_menu_area(user, 2000, 100)
    assert action is not None and action["type"] == "richmenuswitch"
    assert fake_line.displayed_rich_menu(user) == menu_b
    assert api.get_rich_menu_id_of_user(user).rich_menu_id == menu_b
    assert fake_line.rich_menu_switches[-1].status == "SUCCESS"
    # A switched menu is per-user: cancelling the default does not change it.
    api.cancel_default_rich_menu()
    assert fake_line.displayed_rich_menu(user) == menu_b

    others = [new_user_id() for _ in range(3)]
    api.link_rich_menu_id_to_users(
        RichMenuBulkLinkRequest(rich_menu_id=menu_a, user_ids=others)
    )
    assert {fake_line.linked_rich_menu(u) for u in others} == {menu_a}
    api.unlink_rich_menu_id_from_user(user)
    with pytest.raises(ApiException) as caught:
        api.get_rich_menu_id_of_user(user)
    assert caught.value.status == 404
    api.delete_rich_menu_alias("tab-b")
    api.delete_rich_menu(menu_b)
    assert [m.rich_menu_id for m in api.get_rich_menu_list().richmenus] == [menu_a]


def test_rich_menu_object_and_image_limits(
    fake_line: FakeLineServer, api: MessagingApi, blob: MessagingApiBlob
) -> None:
    with pytest.raises(ApiException) as caught:
        api.validate_rich_menu_object(
            rich_menu_request(size={"width": 700, "height": 300})
        )
    assert "size.width" in properties(caught.value)
    with pytest.raises(ApiException) as caught:
        api.create_rich_menu(rich_menu_request(size={"width": 1000, "height": 800}))
    assert "size" in properties(caught.value)  # ratio 1.25 < 1.45
    status, _, body = raw(
        fake_line, "POST", "/v2/bot/richmenu", {"size": {"width": 2500, "height": 843}}
    )
    assert status == 400
    assert {"name", "chatBarText", "areas", "selected"} <= {
        d["property"] for d in body["details"]
    }
    # chatBarText counts grapheme clusters: 14 family emoji (112 UTF-16 units) fit.
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    api.validate_rich_menu_object(rich_menu_request(chatBarText=family * 2))
    status, _, body = raw(
        fake_line,
        "POST",
        "/v2/bot/richmenu/validate",
        {**rich_menu_request().to_dict(), "chatBarText": "あ" * 15},
    )
    assert status == 400 and body["details"][0]["property"] == "chatBarText"

    menu = api.create_rich_menu(rich_menu_request()).rich_menu_id
    with pytest.raises(ApiException) as caught:  # declared 2500x843, image 2500x1686
        blob.set_rich_menu_image(
            menu, body=make_png(2500, 1686), _headers={"Content-Type": "image/png"}
        )
    assert error_body(caught.value) == {
        "message": "The image size is not allowed for richmenu"
    }
    big = make_jpeg_header(2500, 843, padding=1_000_001)
    with pytest.raises(ApiException) as caught:
        blob.set_rich_menu_image(
            menu, body=big, _headers={"Content-Type": "image/jpeg"}
        )
    assert caught.value.status == 413
    blob.set_rich_menu_image(
        menu, body=make_jpeg_header(2500, 843), _headers={"Content-Type": "image/jpeg"}
    )
    with pytest.raises(ApiException) as caught:
        api.link_rich_menu_id_to_user("not-a-user", menu)
    assert caught.value.status == 400


def test_richmenuswitch_needs_an_alias_id(api: MessagingApi) -> None:
    request = RichMenuRequest(
        size=RichMenuSize(width=2500, height=843),
        selected=True,
        name="n",
        chat_bar_text="c",
        areas=[
            RichMenuArea(
                bounds=RichMenuBounds(x=0, y=0, width=2500, height=843),
                action=RichMenuSwitchAction(data="x", rich_menu_alias_id="Bad Alias"),
            ),
            RichMenuArea(
                bounds=RichMenuBounds(x=0, y=0, width=100, height=100),
                action=PostbackAction(data="ok"),
            ),
        ],
    )
    with pytest.raises(ApiException) as caught:
        api.validate_rich_menu_object(request)
    assert "areas[0].action.richMenuAliasId" in properties(caught.value)


# --------------------------------------------------------------------------
# LINE Login ID token
# --------------------------------------------------------------------------


def verify(fake: FakeLineServer, **form: str) -> tuple[int, dict[str, Any]]:
    """POST /oauth2/v2.1/verify as the product's backend would."""
    host, port = fake.api_base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(
        "POST",
        "/oauth2/v2.1/verify",
        body=urllib.parse.urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    return response.status, data


def test_id_token_verification(fake_line: FakeLineServer) -> None:
    user = new_user_id()
    token = fake_line.register_id_token(
        user, client_id="1111111111", name="市民", nonce="n-1"
    )
    status, payload = verify(
        fake_line, id_token=token, client_id="1111111111", nonce="n-1"
    )
    assert status == 200
    assert (payload["sub"], payload["aud"], payload["iss"]) == (
        user,
        "1111111111",
        "https://access.line.me",
    )
    cases = [
        ({"id_token": "bogus", "client_id": "1111111111"}, "Invalid IdToken."),
        ({"id_token": token, "client_id": "2222222222"}, "Invalid IdToken Audience."),
        (
            {"id_token": token, "client_id": "1111111111", "nonce": "other"},
            "Invalid IdToken Nonce.",
        ),
        (
            {"id_token": token, "client_id": "1111111111", "user_id": new_user_id()},
            "Invalid IdToken Subject Identifier.",
        ),
    ]
    for form, description in cases:
        assert verify(fake_line, **form) == (
            400,
            {"error": "invalid_request", "error_description": description},
        )
    fake_line.advance_time(3601)
    assert verify(fake_line, id_token=token, client_id="1111111111")[1][
        "error_description"
    ] == ("IdToken expired.")


# --------------------------------------------------------------------------
# recording / control
# --------------------------------------------------------------------------


def test_request_log_reset_and_control_endpoint(
    fake_line: FakeLineServer, api: MessagingApi
) -> None:
    api.get_bot_info()
    with pytest.raises(ApiException):
        api.get_profile(new_user_id())
    assert [r.status for r in fake_line.requests] == [200, 404]
    status, _, stats = raw(fake_line, "GET", "/__fake__/stats")
    assert status == 200 and stats["status_counts"] == {"200": 1, "404": 1}
    fake_line.config.uri_max_length = 10_000
    fake_line.reset()
    assert fake_line.requests == [] and fake_line.config.uri_max_length == 1000
