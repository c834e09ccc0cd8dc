"""Opens image files page by page: EXIF orientation honoured, every TIFF frame, bounded size."""

from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from models.errors import READING, CorruptFile, TooLarge


def image_pages(path: Path, max_pixels: int, max_pages: int) -> Iterator[Image.Image]:
    # Pillow's own guard raises DecompressionBombError above twice this limit; we refuse at the limit.
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with Image.open(path) as image:
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                if index >= max_pages:
                    raise TooLarge(READING["image_too_many_pages"].format(limit=max_pages))
                if frame.width * frame.height > max_pixels:
                    raise TooLarge(
                        READING["image_too_many_pixels"].format(width=frame.width, height=frame.height, limit=max_pixels)
                    )
                # A copy, turned or not: the iterator reuses `frame` for the next page.
                yield ImageOps.exif_transpose(frame)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise TooLarge(READING["image_bomb"].format(detail=error)) from error
    except UnidentifiedImageError as error:
        raise CorruptFile(READING["image_unidentified"]) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise CorruptFile(READING["image_damaged"].format(detail=error)) from error
