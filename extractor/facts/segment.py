"""The segmentation stage: one file's pages (DocumentText) in, the documents it holds (Segments) out.

A sheet-fed scanner turns a pile of papers into one file. French papers say where they begin and
end: a page counter ("page 2/3", "1/2", "- 2 -"), a title above the body of a first page, a closing
("Fait à …, le …", "Pour le préfet et par délégation", a signature) at the end of a last page, a last
page whose text stops well above its foot, and the kind of paper changing. What French decisions
carry after their signature (the notice of remedies, the record of notification) stays with the
decision. Blank backs and separator sheets belong to no document and are left out with a note.
"""

import re
from dataclasses import dataclass

import numpy as np
from PIL import Image

from extractor.facts.classify import TypeGuess, classify
from extractor.facts.folding import fold
from extractor.facts.signature import PagePictures
from models.document import DocType
from models.errors import READING
from models.text import DocumentText, PageText, Segment

HEAD_SHARE = 0.3
"""Titles and letterheads sit in the top 30% of a first page."""
BAND_SHARE = 0.12
"""Running headers and footers sit in the top or bottom 12% of a page."""
COUNTER_SHARE = 0.2
"""A page counter is looked for a little further in: a phone photo's margins push the header down."""
TITLE_WORDS = 9
"""A title is a short line; a body sentence that happens to name the kind of paper is not."""
SURE_TYPE = 0.8
SEPARATOR_WORDS = 12
SOLID_PX = 7
"""At 100 dpi, strokes of print are 1-4 pixels thick: ink solid over 7×7 pixels is a bar or a block."""
SOLID_SHARE = 0.01
"""A patch-code sheet's bars cover several percent of the page; a paper's bold logo far less."""

COUNTERS = (
    re.compile(r"\bpage\s*(\d{1,2})\s*(?:/|sur|de)\s*(\d{1,2})\b"),
    re.compile(r"\bp\.?\s*(\d{1,2})\s*/\s*(\d{1,2})\b"),
    re.compile(r"^\W*(\d{1,2})\s*/\s*(\d{1,2})\W*$"),
    re.compile(r"\bpage\s*(\d{1,2})\b()"),
    re.compile(r"^\W*-\s*(\d{1,2})\s*-\W*$()"),
)
CLOSING = re.compile(
    r"^\s*(fait|etabli|etablie|delivre|delivree)\s+(a|le)\b|\bpour (le|la) (prefet|prefete|directeur|directrice)\b"
    r"|\bpar delegation\b|\bsignature\b|\ble (prefet|directeur|maire)\b\s*$"
)
ANNEX = re.compile(
    r"voies et delais de recours|proces.verbal de notification|notification (de la decision|de l.arrete)"
    r"|\bnotifiee? a (m|mme|monsieur|madame)\b|\brecu (la )?notification\b"
)
"""Heads of what a French decision carries after its signature: the notice of remedies, the record
of its notification (« Notifié à M. X, né le … », « Reçu notification le … »). (A bare « Annexe 12 »
is a form's place in a legal text, not an attachment.)"""
SEPARATOR = re.compile(r"(feuille|page|fiche)s? (de )?separation|separat(eur|rice)|intercalaire|\bpatch\b")
NAMED_SEPARATOR_WORDS = 40
"""A sheet that names itself a separator may also carry the desk's name and address."""
LEGIBLE_CONFIDENCE = 0.6
"""A word of three letters or more read at least this sure is legible; a blank back's bleed-through or
speckle gives none (a page of print gives dozens)."""
DOCUMENT_NOUNS = re.compile(
    r"^\W*(attestation|certificat|facture|releve|avis|contrat|bulletin|quittance|declaration|"
    r"recepisse|recu|compte.rendu|ordonnance|convocation|justificatif|carte|diplome|promesse|titre|echeancier)\b"
)
"""Nouns that open a paper's title. Not « arrêté » nor « décision »: « ARRÊTE : » and « DÉCIDE : » open
the operative part in the middle of a decision; a decision's title is known by its type's cues."""
SHORT_PAGE = 0.6
"""A paper runs onto a next page only once a page is full: text ending above 60% of the page ends it."""
BODY_WORDS = 8
"""A line this long after a closing is more text of the same paper, not its signature block."""
PARAGRAPH_WORDS = 10
"""Two lines running in a row this long are a paragraph of body text, below any title."""
RUN_ON_SHARE = 0.15
"""A paper's first page opens with a letterhead or a title; a paragraph this near the top runs on."""


@dataclass(frozen=True)
class _Line:
    text: str  # accent-folded, lower case
    top: float  # 0 at the top of the page, 1 at the bottom
    words: int
    capital: bool  # its first letter is a capital, as a title's is; a sentence running on is not


@dataclass(frozen=True)
class _Page:
    page: PageText
    counter: tuple[int, int | None] | None
    title: bool
    closes: bool
    short: bool
    runs_on: bool
    annex: bool
    guess: TypeGuess


def _lines(page: PageText) -> list[_Line]:
    grouped: dict[int, list] = {}
    for word in page.words:
        grouped.setdefault(word.line, []).append(word)
    lines = []
    for words in grouped.values():
        words.sort(key=lambda w: w.bbox[0])
        top = min(w.bbox[1] for w in words) / page.height if page.height else 0.5
        raw = " ".join(w.text for w in words)
        first = next((c for c in raw if c.isalpha()), "")
        lines.append(_Line(fold(raw), top, len(words), first.isupper()))
    return sorted(lines, key=lambda line: line.top)


def _counter(lines: list[_Line]) -> tuple[int, int | None] | None:
    for line in lines:
        if COUNTER_SHARE < line.top < 1 - COUNTER_SHARE:
            continue
        for pattern in COUNTERS:
            match = pattern.search(line.text)
            if not match:
                continue
            number, total = int(match[1]), int(match[2]) if match[2] else None
            if number >= 1 and (total is None or number <= total):
                return number, total
    return None


def _closes(lines: list[_Line]) -> bool:
    """The page ends its paper: a closing in its lower half, and little body text after it."""
    last = max((i for i, line in enumerate(lines) if line.top > 0.4 and CLOSING.search(line.text)), default=None)
    if last is None:
        return False
    after = [line for line in lines[last + 1:] if line.top < 1 - BAND_SHARE and line.words >= BODY_WORDS]
    return len(after) <= 2


def _runs_on(lines: list[_Line]) -> bool:
    """The page opens with a paragraph, under at most a running header: the text of the page before goes on."""
    for line, below in zip(lines, lines[1:], strict=False):
        if line.top > RUN_ON_SHARE:
            return False
        if min(line.words, below.words) >= PARAGRAPH_WORDS:
            return True
    return False


def _title(lines: list[_Line], guess: TypeGuess) -> bool:
    """A short line at the top naming the kind of paper (a cue of the page's type, or a document noun),
    above the first paragraph of body text."""
    for line, below in zip(lines, [*lines[1:], None], strict=False):
        if below is not None and min(line.words, below.words) >= PARAGRAPH_WORDS:
            return False
        # « ARRÊTE : », « Objet : »: a label or an operative verb ends with a colon, a title does not.
        if line.top > HEAD_SHARE or line.words > TITLE_WORDS or line.text.rstrip().endswith(":") or not line.capital:
            continue
        if guess.evidence and guess.evidence in line.text and guess.confidence >= SURE_TYPE:
            return True
        if DOCUMENT_NOUNS.search(line.text):
            return True
    return False


def _view(document: DocumentText, page: PageText) -> _Page:
    lines = _lines(page)
    guess = classify(document.model_copy(update={"pages": (page,), "warnings": ()}))
    head = [line for line in lines if line.top <= HEAD_SHARE]
    return _Page(
        page=page,
        counter=_counter(lines),
        title=_title(lines, guess),
        closes=_closes(lines),
        # A page nothing was read on tells nothing of where its text stops.
        short=bool(lines) and max((line.top for line in lines if line.top < 1 - BAND_SHARE), default=0.0) < SHORT_PAGE,
        runs_on=_runs_on(lines),
        annex=any(ANNEX.search(line.text) for line in head),
        guess=guess,
    )


def _solid_share(picture: Image.Image) -> float:
    """Share of the page inked solid over SOLID_PX × SOLID_PX: thick bars, not print."""
    grey = np.asarray(picture.convert("L"), dtype=np.int32)
    dark = (grey < np.median(grey) - 80).astype(np.int32)
    sums = np.pad(dark, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    k = SOLID_PX
    window = sums[k:, k:] - sums[:-k, k:] - sums[k:, :-k] + sums[:-k, :-k]
    return float(np.count_nonzero(window == k * k)) / dark.size


def is_separator(page: PageText, picture: Image.Image | None = None) -> bool:
    """A separator sheet: a few words naming it, or beside the thick bars of a patch code."""
    if len(page.words) <= NAMED_SEPARATOR_WORDS and SEPARATOR.search(fold(page.text)):
        return True
    return len(page.words) <= SEPARATOR_WORDS and picture is not None and _solid_share(picture) >= SOLID_SHARE


def nothing_legible(page: PageText) -> bool:
    """OCR read no legible word: a blank back whose speckle or bleed-through the blank test let through."""
    return not any(len(w.text) >= 3 and w.text.isalpha() and w.confidence >= LEGIBLE_CONFIDENCE for w in page.words)


def starts_document(page: _Page, previous: _Page, first: _Page) -> bool:
    """Does `page` begin a new paper, given the page before it and the first page of the current one?"""
    if not page.page.words and not previous.page.words:
        return True  # nothing read on either: no reason to join them, and most papers have one page
    if page.counter is not None:
        return page.counter[0] == 1
    if previous.counter is not None and previous.counter[1] is not None and previous.counter[0] < previous.counter[1]:
        return False  # the page before says more pages follow: this page's counter was not read
    if page.annex:
        return False
    if page.title:
        return True
    if previous.closes or previous.short:
        return True
    if page.runs_on:
        return False  # whatever other papers its text names
    kind = page.guess.doc_type
    return kind != DocType.other and page.guess.confidence >= SURE_TYPE and kind != first.guess.doc_type


def _page_of(note: str) -> int | None:
    match = re.match(r"page (\d+):", note)
    return int(match[1]) if match else None


def part_text(document: DocumentText, first: int, last: int, name: str, notes: tuple[str, ...] = ()) -> DocumentText:
    """Pages first to last of a file as a document of its own, with the file's notes that concern it."""
    pages = tuple(p for p in document.pages if first <= p.number <= last)
    kept = [n for n in document.warnings if (number := _page_of(n)) is None or first <= number <= last]
    return document.model_copy(update={"file": name, "pages": pages, "warnings": (*kept, *notes)})


def segment(document: DocumentText, pictures: PagePictures | None = None) -> list[Segment]:
    """The documents of a file in page order; a file holding one keeps its name and all its pages.

    `pictures` (the pages at 100 dpi) lets a patch-code sheet whose words were not read be recognised.
    """
    groups: list[list[_Page]] = []
    dropped: list[tuple[int, str]] = []
    cut = False  # the page before was a separator sheet
    for page in document.pages:
        if page.reading == "blank":
            continue  # read already notes blank pages
        few_words = len(page.words) <= SEPARATOR_WORDS
        if is_separator(page, pictures(page.number) if pictures and few_words else None):
            dropped.append((page.number, READING["page_note"].format(number=page.number, message=READING["separator_sheet"])))
            cut = True
            continue
        if page.reading == "ocr" and len(document.pages) > 1 and nothing_legible(page):
            dropped.append((page.number, READING["page_note"].format(number=page.number, message=READING["blank_back"])))
            continue
        view = _view(document, page)
        if not groups or cut or starts_document(view, groups[-1][-1], groups[-1][0]):
            groups.append([view])
        else:
            groups[-1].append(view)
        cut = False
    numbers = [p.number for p in document.pages]
    if len(groups) <= 1:
        notes = tuple(note for _, note in dropped)
        return [Segment(first=min(numbers), last=max(numbers), text=document.model_copy(
            update={"warnings": (*document.warnings, *notes)}))]
    spans = [(group[0].page.number, group[-1].page.number) for group in groups]
    parts = []
    for index, (first, last) in enumerate(spans):
        # A page between two documents is noted on the one before it (the back of its last sheet).
        end = spans[index + 1][0] if index + 1 < len(spans) else max(numbers) + 1
        start = first if index else min(numbers)
        between = [n for n in document.warnings if (number := _page_of(n)) and (start <= number < first or last < number < end)]
        notes = (*between, *(note for number, note in dropped if start <= number < end))
        text = part_text(document, first, last, f"{document.file}#p{first}-{last}", notes)
        parts.append(Segment(first=first, last=last, text=text))
    return parts
