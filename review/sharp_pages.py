"""Sharper page pictures, made on demand from the applicant's file when a reviewer zooms in.

The pipeline keeps 100-dpi pictures (reports, the first look); 8-point text wants about 200. A
text-layer PDF page is rendered again at that resolution; a scanned page or a photo is prepared
again exactly as it was for OCR (flattened, turned upright, straightened: the frame its boxes are
in) and brought to that resolution. Made once per page, kept beside the review store.
"""

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response
from PIL import Image

from extractor.reading.images import image_pages
from extractor.reading.ocr_page import ocr_page
from extractor.reading.pdf import pdf_pages
from extractor.reading.sniff import CAMERA_KINDS, sniff
from review import db
from review.document_view import source_of
from review.web import PageSession, context

SHARP_DPI = 200
PAGE_TIMEOUT_S = 120.0
MAX_PIXELS = 80_000_000
MAX_PAGES = 200  # the limits of `aes process`: a file it read is read here the same way
FRAME_TOLERANCE = 0.02
"""The sharp picture must have the 100-dpi picture's proportions within 2 %, or its boxes would drift."""

router = APIRouter()


class NoSharperPicture(LookupError):
    """Why a sharper picture cannot be made; French, for the reviewer."""


def _prepared(path: Path, page: int) -> Image.Image:
    """The page at SHARP_DPI in the frame its words' boxes are in."""
    if path.suffix.lower() == ".pdf":
        for found in pdf_pages(path, MAX_PAGES, 300, SHARP_DPI, lambda number, message: None):
            if found.number != page:
                continue
            if found.text is not None and found.image is not None:
                return found.image
            assert found.image is not None
            read = ocr_page(found.image, page, PAGE_TIMEOUT_S, found.dpi, resample=False)
            return _at_sharp_dpi(read.upright, read.dpi)
        raise NoSharperPicture("Cette page n'a pas pu être rendue de nouveau.")
    camera = sniff(path) in CAMERA_KINDS  # read as `aes process` read it, mirrored if it was
    for number, image in enumerate(image_pages(path, MAX_PIXELS, MAX_PAGES), start=1):
        if number == page:
            read = ocr_page(image, page, PAGE_TIMEOUT_S, camera=camera)
            return _at_sharp_dpi(read.upright, read.dpi)
    raise NoSharperPicture("Cette page n'a pas pu être rendue de nouveau.")


def _at_sharp_dpi(image: Image.Image, dpi: float) -> Image.Image:
    scale = SHARP_DPI / dpi
    grey = image.convert("L")
    if abs(scale - 1) < 0.01:
        return grey
    return grey.resize((round(grey.width * scale), round(grey.height * scale)), Image.Resampling.LANCZOS)


def sharp_picture(db_path: Path, sources: Path | None, token: str) -> Path:
    """The sharper picture of the page a token names, made the first time it is asked for."""
    with db.connect(db_path) as conn:
        row = conn.execute("SELECT dossier_id, sha16, page, path, width_px, height_px FROM pages WHERE token = ?",
                           (token,)).fetchone()
    if row is None:
        raise NoSharperPicture("Image introuvable.")
    kept = db_path.parent / ".sharp" / f"{row['sha16']}-p{row['page']}-{SHARP_DPI}.jpg"
    if kept.is_file():
        return kept
    picture = Path(row["path"])
    manifest = picture.parents[2] / "manifest.jsonl"  # OUT/<dossier>/pages/x.jpg -> OUT/manifest.jsonl
    source = source_of(sources, manifest, row["sha16"])
    if source is None:
        raise NoSharperPicture("Pas d'image plus nette : le fichier d'origine n'est pas accessible à ce serveur.")
    image = _prepared(source, row["page"])
    expected = row["width_px"] / row["height_px"]
    if abs(image.width / image.height - expected) > FRAME_TOLERANCE * expected:
        raise NoSharperPicture("Pas d'image plus nette : la page relue n'a plus le même cadrage.")
    kept.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # applicants' papers: owner only, as the store
    partial = kept.with_suffix(".part")
    image.save(partial, format="JPEG", quality=80)
    partial.replace(kept)
    return kept


@router.get("/pages/{token}/sharp")
def sharp_page(request: Request, token: str, session: PageSession) -> Response:
    ctx = context(request)
    try:
        path = sharp_picture(ctx.db_path, getattr(request.app.state, "review_sources", None), token)
    except NoSharperPicture as exc:
        raise HTTPException(404, str(exc)) from exc
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})
