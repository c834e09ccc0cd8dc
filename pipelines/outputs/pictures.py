"""How page pictures are kept: JPEG bytes, what reports crop, the review app shows and the contract's
ink test looks at. Its own module because the kept words and pictures are keyed by this code."""

import io

from PIL import Image

PICTURE_QUALITY = 70


def encode_picture(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=PICTURE_QUALITY)
    return buffer.getvalue()


def decode_picture(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
