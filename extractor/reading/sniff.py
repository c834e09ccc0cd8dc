"""Tells what a file is from its first bytes, never from its name."""

from pathlib import Path
from typing import Literal

FileKind = Literal["pdf", "jpeg", "png", "tiff", "webp", "bmp", "gif", "heic", "zip", "empty", "unknown"]
CAMERA_KINDS: tuple[FileKind, ...] = ("jpeg", "png", "webp")
"""Files a phone or a webcam writes (a scanner writes PDF or TIFF): their pictures may be mirrored."""

_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"PK\x03\x04", "zip"),
)


def sniff(path: Path) -> FileKind:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        return "empty"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
        return "heic"
    # PDF writers may put junk before the header; readers accept it within the first kilobyte.
    if b"%PDF-" in head:
        return "pdf"
    return "unknown"
