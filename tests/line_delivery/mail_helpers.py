"""The shared sample 防災情報メール and ways to re-encode them (tests and benchmark)."""

from __future__ import annotations

import base64
from email.header import Header
import json
import os
from pathlib import Path
import quopri


SAMPLES = Path(
    os.environ.get("OTAKE_BOUSAI_MAIL_DIR", "/work/shared/data/otake-bousai-mail")
)
SENDER = "otake-bousai@bousai-mail.example.jp"
FOOTER = (
    "配信停止・登録内容の変更は、次のURLから手続きしてください。\n"
    "https://bousai-mail.example.jp/otake/settings?aid=34211&uid="
    "0123456789abcdef0123456789abcdef01234567"
)
LEVELS = {None: None, "高齢者等避難": 3, "避難指示": 4, "緊急安全確保": 5}


def sample_names() -> list[str]:
    return sorted(p.name for p in SAMPLES.glob("*.eml"))


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def expected() -> dict[str, dict]:
    return json.loads((SAMPLES / "expected.json").read_text())


# (charset label, Python codec, Content-Transfer-Encoding)
ENCODINGS = [
    ("ISO-2022-JP", "iso2022_jp_ext", "7bit"),
    ("Shift_JIS", "cp932", "base64"),
    ("UTF-8", "utf-8", "base64"),
    ("UTF-8", "utf-8", "quoted-printable"),
]


def encode_mail(
    text: str,
    *,
    charset: str,
    codec: str,
    transfer: str,
    subject: str = "【防災情報】テスト",
    message_id: str = "<variant@bousai-mail.example.jp>",
    sender: str = SENDER,
    html_only: bool = False,
) -> bytes:
    """An RFC 822 message with ``text`` + the platform footer in the given encoding."""
    body = (text + "\n\n" + FOOTER).replace("\n", "\r\n")
    content_type = "text/plain"
    if html_only:
        content_type = "text/html"
        body = (
            "<html><head><title>x</title></head><body><div>"
            + body.replace("&", "&amp;").replace("\r\n", "<br>\r\n")
            + "</div></body></html>"
        )
    raw = body.encode(codec)
    if transfer == "base64":
        payload = base64.encodebytes(raw)
    elif transfer == "quoted-printable":
        payload = quopri.encodestring(raw)
    else:
        payload = raw
    headers = [
        f"From: {Header('大竹市防災情報メール', charset).encode()} <{sender}>",
        "To: bousai-inbox@linehub.example.jp",
        f"Subject: {Header(subject, charset).encode()}",
        "Date: Thu, 02 Jul 2026 06:41:05 +0900",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
        f'Content-Type: {content_type}; charset="{charset}"',
        f"Content-Transfer-Encoding: {transfer}",
    ]
    return "\r\n".join(headers).encode("ascii") + b"\r\n\r\n" + payload


def create_otake_places() -> None:
    """The city's 地区 and shelters as ``seed_demo`` creates them."""
    # Imported here: the benchmark imports this module before Django is set up.
    from home import demo_content
    from home.models import Area, Shelter

    for order, data in enumerate(demo_content.AREAS):
        Area.objects.get_or_create(
            name=data["name"],
            defaults={"aliases": "\n".join(data["aliases"]), "sort_order": order},
        )
    areas = {area.name: area for area in Area.objects.all()}
    for data in demo_content.SHELTERS:
        shelter, _ = Shelter.objects.get_or_create(
            name=data["name"],
            defaults={
                "aliases": "\n".join(data.get("aliases", [])),
                "latitude": data.get("latitude"),
                "longitude": data.get("longitude"),
            },
        )
        shelter.areas.set([areas[name] for name in data.get("areas", [])])
    demo_content.seed_zones(areas)


def demo_places() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The 地区 and shelters of ``seed_demo`` as spellings, without a database."""
    from home import demo_content

    areas = {a["name"]: {a["name"], *a["aliases"]} for a in demo_content.AREAS}
    shelters = {
        s["name"]: {s["name"], *s.get("aliases", [])} for s in demo_content.SHELTERS
    }
    return areas, shelters


def heldout_differences(
    expect: dict, reading: dict, *, hazard: str, summary: str
) -> dict[str, str]:
    """Field → what was read instead, for one held-out mail (empty: all right)."""
    got = {
        "level": reading["level"],
        "areas": set(reading["areas"]),
        "area_limited": reading["area_limited"],
        "area_unclear": reading["area_unclear"],
        "mail_only": reading["mail_only"],
        "opened": set(reading["shelters_opened"]),
        "closed": set(reading["shelters_closed"]),
        "full": set(reading["shelters_full"]),
        "unknown": set(reading["unknown_shelters"]),
        "hazard": hazard,
        "summary_first": summary.split("\n")[0],
    }
    wrong = {}
    for field, value in got.items():
        want = expect[field]
        if field == "summary_first":
            right = value.startswith(want)
        elif isinstance(value, set):
            right = value == set(want)
        else:
            right = value == want
        if not right:
            wrong[field] = repr(value)
    return wrong
