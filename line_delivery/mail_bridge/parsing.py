"""One RFC 822 message → sender, subject, ids and the text a resident should read.

Only the stdlib ``email`` package: it handles MIME, multipart, quoted-printable,
base64 and RFC 2047 encoded words in any charset. Japanese charsets are decoded with
their common supersets (Shift_JIS as cp932, ISO-2022-JP with its extensions), which
is what Japanese mail clients and platforms actually send.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
import hashlib
import html
from html.parser import HTMLParser
import unicodedata


# Supersets that decode what senders label with the narrower name.
CHARSET_SUPERSETS: dict[str, str] = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "euc-jp": "euc_jis_2004",
}


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    sender: str
    """The From addr-spec, lower-cased (the display name proves nothing)."""
    sender_name: str
    subject: str
    sent_at: datetime.datetime | None
    text: str
    """Decoded body: text/plain (else text/html as text), ``\\n`` line ends, NFC."""


def _decode_part(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "us-ascii").lower()
    codec = CHARSET_SUPERSETS.get(charset, charset)
    try:
        return payload.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return payload.decode(codec if codec != charset else "utf-8", errors="replace")


class _HtmlText(HTMLParser):
    """Text of an HTML part: ``<br>`` and block ends become newlines, head dropped."""

    BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "hr"})
    SKIP = frozenset({"head", "style", "script", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "br" or tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\r", "").replace("\n", ""))


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return html.unescape("".join(parser.parts))


def normalise_text(value: str) -> str:
    """``\\n`` line ends, no trailing spaces, no blank lines at either end, NFC."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text = "\n".join(line.rstrip(" \t") for line in lines)
    return unicodedata.normalize("NFC", text.strip("\n"))


def body_text(message: EmailMessage) -> str:
    plain = html_part = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = part
        elif kind == "text/html" and html_part is None:
            html_part = part
    if plain is not None:
        return normalise_text(_decode_part(plain))
    if html_part is not None:
        return normalise_text(html_to_text(_decode_part(html_part)))
    return ""


def parse_mail(raw: bytes) -> ParsedMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    name, address = parseaddr(str(message.get("From", "")))
    try:
        sent_at = (
            parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
        )
    except (TypeError, ValueError):
        sent_at = None
    message_id = str(message.get("Message-ID", "")).strip()
    if not message_id:
        # No id: the raw bytes identify the message (a resend still dedupes on text).
        message_id = "<sha256-" + hashlib.sha256(raw).hexdigest() + ">"
    return ParsedMail(
        message_id=message_id[:255],
        sender=address.strip().lower(),
        sender_name=unicodedata.normalize("NFC", name),
        subject=unicodedata.normalize("NFC", str(message.get("Subject", "")).strip()),
        sent_at=sent_at,
        text=body_text(message),
    )
