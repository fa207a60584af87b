"""Read the pixel size of PNG and JPEG files without decoding them.

Rich menu images are checked for size (800–2500 × ≥250, ratio ≥1.45); doing
that from the headers keeps the fake free of Pillow and fast.
"""

from __future__ import annotations

import struct


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# SOF markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def sniff_type(data: bytes) -> str | None:
    """``"image/png"``, ``"image/jpeg"`` or None, judged by the magic bytes."""
    if data.startswith(PNG_SIGNATURE):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` of a PNG or JPEG, or None when the header is unreadable."""
    kind = sniff_type(data)
    if kind == "image/png":
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if kind == "image/jpeg":
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    length = len(data)
    while index + 4 <= length:
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            index += 2
            continue
        segment_length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker in _SOF_MARKERS:
            if index + 9 > length:
                return None
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + segment_length
    return None


def make_png(width: int, height: int) -> bytes:
    """A tiny valid PNG of the given size (one grey colour), for tests.

    Rows are all zero bytes, which zlib compresses to almost nothing, so even
    a 2500 × 1686 image is only a few kilobytes.
    """
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    raw = b"\x00" * ((width + 1) * height)
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def make_jpeg_header(width: int, height: int, padding: int = 0) -> bytes:
    """A JPEG-looking byte string with an SOF0 frame of the given size.

    Not decodable, but enough for header-based checks; ``padding`` inflates the
    file (inside a COM segment) to exercise the 1 MB limit.
    """
    comment = b""
    remaining = padding
    while remaining > 0:
        piece = min(remaining, 65533)
        comment += b"\xff\xfe" + struct.pack(">H", piece + 2) + b"\x00" * piece
        remaining -= piece
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + comment + sof + b"\xff\xd9"
