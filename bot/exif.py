"""What a photo's EXIF says about when and where it was taken (photos sent "as file" keep it;
Telegram strips it from compressed photos)."""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import exifread

log = logging.getLogger(__name__)

#: Image types EXIF readers understand; anything else is not even opened.
EXIF_MIME_TYPES = frozenset(
    {"image/jpeg", "image/jpg", "image/tiff", "image/heic", "image/heif", "image/webp",
     "image/png"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExifFacts:
    taken_at: datetime | None = None  # UTC
    latitude: float | None = None
    longitude: float | None = None


def read_exif(data: bytes, local: ZoneInfo) -> ExifFacts:
    """Time (UTC) and position from EXIF; a missing or broken part is simply absent. A time
    without an offset tag is the camera's clock, taken to be in the bureau's zone `local`."""
    try:
        tags: dict[str, Any] = exifread.process_file(
            io.BytesIO(data), details=False, extract_thumbnail=False
        )
    except Exception:  # a hostile or broken file must never stop the evidence being kept
        log.info("EXIF could not be read", exc_info=True)
        return ExifFacts()
    return ExifFacts(_taken_at(tags, local), *_position(tags))


def _text(tags: dict[str, Any], name: str) -> str:
    tag = tags.get(name)
    return str(tag.values).strip().strip("\x00") if tag is not None else ""


def _taken_at(tags: dict[str, Any], local: ZoneInfo) -> datetime | None:
    raw = _text(tags, "EXIF DateTimeOriginal") or _text(tags, "Image DateTime")
    try:
        moment = datetime.strptime(raw, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = _text(tags, "EXIF OffsetTimeOriginal")
    zone: timezone | ZoneInfo = local
    if len(offset) == 6 and offset[0] in "+-" and offset[3] == ":":
        try:
            minutes = int(offset[1:3]) * 60 + int(offset[4:6])
            zone = timezone(timedelta(minutes=minutes if offset[0] == "+" else -minutes))
        except ValueError:
            zone = local
    return moment.replace(tzinfo=zone).astimezone(UTC)


def _degrees(tags: dict[str, Any], name: str, negative_ref: str) -> float | None:
    tag = tags.get(f"GPS {name}")
    if tag is None or not isinstance(tag.values, list) or len(tag.values) != 3:
        return None
    try:
        d, m, s = (float(v) for v in tag.values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    if not math.isfinite(value):
        return None
    return -value if _text(tags, f"GPS {name}Ref").upper() == negative_ref else value


def _position(tags: dict[str, Any]) -> tuple[float | None, float | None]:
    latitude = _degrees(tags, "GPSLatitude", "S")
    longitude = _degrees(tags, "GPSLongitude", "W")
    if (
        latitude is None
        or longitude is None
        or not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        return None, None
    if latitude == 0 and longitude == 0:  # cameras without a fix write zeros
        return None, None
    return round(latitude, 6), round(longitude, 6)
