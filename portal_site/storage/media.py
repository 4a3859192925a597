"""Uploaded images: checked by content with Pillow, re-encoded without metadata, stored.

`store(file_storage)` returns the key of a `Media` row or raises `ImageRejected` with a
message to show. Only JPEG, PNG and WEBP are accepted, decided from the bytes (never the
file name or the declared type), smaller than 2 MB, and complete. Accepted images are turned
upright (EXIF orientation), made at most MAX_SIDE pixels on their long side, re-encoded in their
own format without EXIF/XMP/text chunks, and keyed by the SHA-256 of the result, so `/media/<key>`
(portal_site.site.media) can be cached forever.

Memory: a small file can declare many pixels (a 116 KB JPEG of 6300 × 6300 decodes into 119 MB, and
cost 300 MB per upload through re-encoding). No image is decoded at more than DECODE_PIXELS: a JPEG
of up to MAX_JPEG_PIXELS is decoded at 1/2, 1/4 or 1/8 scale (Pillow's draft mode, done by the
decoder itself); a PNG or WEBP, which cannot be decoded smaller, must fit DECODE_PIXELS.
"""
import hashlib
import io
import warnings
from typing import Any

from flask import current_app, url_for
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from portal_site.extensions import db
from portal_site.models import Media

MAX_BYTES = 2 * 1024 * 1024
# Most pixels ever decoded (48 MB in RGBA), what a JPEG may declare, and the stored images' long side.
DECODE_PIXELS = 12_000_000
MAX_JPEG_PIXELS = 40_000_000
MAX_SIDE = 2560
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
ENCODE_OPTIONS: dict[str, dict[str, Any]] = {"JPEG": {"quality": 90}, "PNG": {}, "WEBP": {"quality": 90}}



class ImageRejected(Exception):
    """The upload is not an image we accept; `message` says why and what to do."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImageTooLarge(ImageRejected):
    status = 413


def _read(file_storage: FileStorage) -> bytes:
    data = file_storage.stream.read(MAX_BYTES)
    if file_storage.stream.read(1):
        raise ImageTooLarge("The image must be smaller than 2 MB. Choose a smaller file and try again.")
    if not data:
        raise ImageRejected("The file is empty. Choose a JPEG, PNG or WEBP image.")
    return data


def _decode(data: bytes) -> Image.Image:
    """The fully decoded image, or ImageRejected; decompression bombs never get decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            width, height = image.size
            if image.format == "JPEG" and width * height <= MAX_JPEG_PIXELS:
                image.draft(image.mode, (MAX_SIDE, MAX_SIDE))
            if image.width * image.height > DECODE_PIXELS:
                limit = (MAX_JPEG_PIXELS if image.format == "JPEG" else DECODE_PIXELS) // 1_000_000
                raise ImageRejected(
                    f"The image is too large in pixels ({width} × {height}). "
                    f"Use an image of at most {limit} megapixels, such as 4000 × 3000."
                )
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("The image declares too many pixels to be opened safely. "
                                "Use an image of at most 12 megapixels, such as 4000 × 3000.") from None
        except UnidentifiedImageError:
            raise ImageRejected("The file is not a JPEG, PNG or WEBP image. "
                                "Other formats (GIF, SVG...) are not accepted, whatever the file name says.") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageRejected("The image is damaged or incomplete. Export it again and retry.") from None
    return image


def _reencode(image: Image.Image) -> tuple[bytes, tuple[int, int], str]:
    """The image upright and saved in its own format with no metadata but its colour profile."""
    fmt = image.format
    assert fmt is not None, "_decode opens only the FORMATS, so Pillow names the format"
    icc_profile = image.info.get("icc_profile")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    upright = ImageOps.exif_transpose(image)
    transparency = upright.info.get("transparency")
    upright.info = {}
    options = dict(ENCODE_OPTIONS[fmt])
    if icc_profile:
        options["icc_profile"] = icc_profile
    if transparency is not None and fmt == "PNG":
        options["transparency"] = transparency
    buffer = io.BytesIO()
    upright.save(buffer, fmt, **options)
    return buffer.getvalue(), upright.size, fmt


def cleaned(data: bytes) -> tuple[bytes, tuple[int, int], str]:
    """The bytes of an uploaded file checked, decoded within the memory budget and re-encoded: (data, size, format)."""
    return _reencode(_decode(data))


def store(file_storage: FileStorage) -> str:
    """Check, clean and save an uploaded image; return its media key."""
    data, (width, height), fmt = cleaned(_read(file_storage))
    key = hashlib.sha256(data).hexdigest()
    if db.session.get(Media, key) is None:
        db.session.add(Media(key=key, content_type=FORMATS[fmt], data=data, width=width, height=height))
        db.session.commit()
    return key


def exists(key: str | None) -> bool:
    return bool(key) and db.session.get(Media, key) is not None


def public_url(key: str) -> str:
    """The absolute URL of a stored image (what Stripe and emails get), from PORTAL_BASE_URL."""
    return current_app.config["PORTAL_BASE_URL"] + url_for("media.serve", key=key)


def load(key: str) -> Media | None:
    """The stored image with this key, or None."""
    return db.session.get(Media, key) if len(key) == 64 else None
