"""Images (a photo or a scan of a paper document): decoded in full with Pillow, so that PNG or
JPEG magic in front of anything else is refused, and bounded in pixels before decoding."""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageFile

from hotro.core.errors import ValidationFailed

# An A4 page scanned at 600 dpi in grey, or a 24-megapixel photo: 36 million pixels. Pillow
# warns above this and refuses above twice it; the warning is made an error below.
MAX_PIXELS = 36_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
_FORMATS = {"png": "PNG", "jpeg": "JPEG"}


@contextmanager
def _strict() -> Iterator[None]:
    """Truncated images are errors while checking: WeasyPrint, once imported, makes Pillow
    accept them process-wide (ImageFile.LOAD_TRUNCATED_IMAGES), which is right for rendering
    our own slips and wrong for judging an upload."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def check_image(content: bytes, kind: str) -> None:
    expected = _FORMATS[kind]
    try:
        with _strict():
            with Image.open(io.BytesIO(content), formats=[expected]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationFailed("image_too_large", params={"max": MAX_PIXELS})
                image.verify()  # chunk checksums (PNG), marker structure
            with Image.open(io.BytesIO(content), formats=[expected]) as image:
                if kind == "jpeg":
                    # decodes every block of the scan at an eighth of the size: all of the
                    # data is read and checked, at a sixty-fourth of the memory
                    image.draft(image.mode, (image.width // 8 or 1, image.height // 8 or 1))
                image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationFailed("image_too_large", params={"max": MAX_PIXELS}) from exc
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error) as exc:
        # Pillow's way of saying truncated, not an image, or corrupt
        raise ValidationFailed("image_malformed") from exc
