"""Small files for evidence tests, built by hand: a JPEG with EXIF time and GPS, a PDF."""

from __future__ import annotations

import struct

# A JPEG's markers around an EXIF block are all a reader needs; the image data itself is a
# token (EXIF readers never decode pixels).
_SOI, _EOI = b"\xff\xd8", b"\xff\xd9"


def _rational(value: float) -> bytes:
    return struct.pack(">II", round(value * 10_000), 10_000)


def _dms(value: float) -> bytes:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = (value - degrees - minutes / 60) * 3600
    return _rational(degrees) + _rational(minutes) + _rational(seconds)


def _ifd(entries: list[tuple[int, int, int, bytes]], offset: int) -> tuple[bytes, bytes]:
    """An IFD at `offset` (from the TIFF header) and its out-of-line data, big-endian.
    entries: (tag, type, count, value bytes)."""
    head = struct.pack(">H", len(entries))
    data_offset = offset + 2 + 12 * len(entries) + 4
    data = b""
    for tag, kind, count, value in entries:
        if len(value) <= 4:
            head += struct.pack(">HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            head += struct.pack(">HHII", tag, kind, count, data_offset + len(data))
            data += value
    return head + b"\x00\x00\x00\x00", data


def jpeg_with_exif(taken: str, latitude: float, longitude: float, noise: bytes = b"") -> bytes:
    """A JPEG whose EXIF says it was taken at `taken` ("2026:11:27 10:15:00") at a place
    north and east of Greenwich."""
    ifd0_offset = 8
    ifd0_size = 2 + 12 * 2 + 4
    exif_offset = ifd0_offset + ifd0_size
    taken_bytes = taken.encode() + b"\x00"
    exif_ifd, exif_data = _ifd([(0x9003, 2, len(taken_bytes), taken_bytes)], exif_offset)
    gps_offset = exif_offset + len(exif_ifd) + len(exif_data)
    gps_ifd, gps_data = _ifd(
        [
            (1, 2, 2, b"N\x00"),
            (2, 5, 3, _dms(latitude)),
            (3, 2, 2, b"E\x00"),
            (4, 5, 3, _dms(longitude)),
        ],
        gps_offset,
    )
    ifd0, _ = _ifd(
        [(0x8769, 4, 1, struct.pack(">I", exif_offset)),
         (0x8825, 4, 1, struct.pack(">I", gps_offset))],
        ifd0_offset,
    )  # fmt: skip
    tiff = b"MM\x00\x2a" + struct.pack(">I", ifd0_offset) + ifd0 + exif_ifd + exif_data
    tiff += gps_ifd + gps_data
    app1 = b"Exif\x00\x00" + tiff
    return _SOI + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + noise + _EOI


def photo(n: int) -> bytes:
    """A distinct small "photo" (bytes are all the bot looks at)."""
    return _SOI + f"photo {n}".encode() * 50 + _EOI


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
