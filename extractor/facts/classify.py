"""Document type from weighted wording cues, title lines weighing more; a confidence per type.

The cues are how French administrative papers of each kind are worded (legal-brief §5–7), kept with
an example each in extractor/data/doc_type_signals.json and matched on accent-folded text so OCR's lost
accents do not matter.
"""

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, Field

from extractor.facts.folding import fold
from extractor.facts.lexicon import DATA, Entry, load_lexicon
from models.base import AesModel
from models.document import DocType
from models.text import DocumentText, PageText

SIGNALS_PATH = DATA / "doc_type_signals.json"


def _compiles(pattern: str) -> str:
    if not pattern:
        raise ValueError("a pattern is never empty")
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"{pattern!r} is no regular expression: {error}") from error
    return pattern


class Subject(Entry):
    """A pattern on folded text; its example is a phrase as printed on such a paper that it finds once folded."""

    pattern: Annotated[str, AfterValidator(_compiles)]


class Signal(Subject):
    weight: float = Field(gt=0)


class DocTypeSignals(AesModel):
    about: str
    signals: dict[DocType, tuple[Signal, ...]]
    subjects: dict[DocType, tuple[Subject, ...]]
    """A kind named by generic words alone is not that kind: each of these needs one of its subject's words."""


@cache
def doc_type_signals() -> DocTypeSignals:
    return load_lexicon(SIGNALS_PATH, DocTypeSignals)


@cache
def _compiled() -> dict[DocType, tuple[tuple[re.Pattern[str], float], ...]]:
    return {t: tuple((re.compile(s.pattern), s.weight) for s in signals) for t, signals in doc_type_signals().signals.items()}


@cache
def _subjects() -> dict[DocType, re.Pattern[str]]:
    return {t: re.compile("|".join(s.pattern for s in words)) for t, words in doc_type_signals().subjects.items()}


TITLE_SHARE = 0.3
TITLE_LINES = 12
PROSE_WORDS = 12
"""The letterhead and title: the first lines of the first page, within its top 30%, up to the first
line of running prose. A short paper (a phone screenshot) has its body there too."""
TITLE_BONUS = 3.5
MIN_SCORE = 3.0


@dataclass(frozen=True)
class TypeGuess:
    doc_type: DocType
    confidence: float
    evidence: str
    page: int


def _score(text: str, title: str) -> dict[DocType, tuple[float, str]]:
    scores: dict[DocType, tuple[float, str]] = {}
    for doc_type, signals in _compiled().items():
        total, best, best_weight = 0.0, "", 0.0
        for pattern, weight in signals:
            hits = pattern.findall(text)
            if not hits:
                continue
            bonus = TITLE_BONUS if pattern.search(title) else 1.0
            total += weight * bonus * (1 + 0.15 * min(len(hits) - 1, 3))
            if weight * bonus > best_weight:
                match = pattern.search(text)
                best, best_weight = text[match.start() : match.end()], weight * bonus
        subject = _subjects().get(doc_type)
        if total and (subject is None or subject.search(text)):
            scores[doc_type] = (total, best)
    return scores


def _title(page: PageText) -> str:
    lines: dict[int, list[str]] = {}
    for word in page.words:
        if word.bbox[1] < page.height * TITLE_SHARE:
            lines.setdefault(word.line, []).append(word.text)
    title = []
    for number in sorted(lines)[:TITLE_LINES]:
        if len(lines[number]) >= PROSE_WORDS:
            break
        title += lines[number]
    return " ".join(title)


def _demote(scores: dict[DocType, tuple[float, str]], doc_type: DocType) -> None:
    scores[doc_type] = (scores[doc_type][0] * 0.3, scores[doc_type][1])


RECITALS = re.compile(r"\b(vu|considerant)\b")


def _one_decision_or_two(scores: dict[DocType, tuple[float, str]], title: str, text: str) -> None:
    """A decision that orders departure and also bans return is an OQTF decision carrying a ban; a
    decision titled only as a return ban is one of its own, however often it quotes the OQTF it goes with.
    Its title is what it says before its recitals (« Vu … », « Considérant … »): « Arrêté n° … portant
    interdiction de retour sur le territoire français d'une durée de cinq ans » may be too long a line
    to count as a title line."""
    if DocType.oqtf_decision not in scores or DocType.return_ban not in scores:
        return
    recitals = RECITALS.search(text)
    title = f"{title} {text[: recitals.start()]}" if recitals else title
    titled_oqtf = re.search(r"obligation de quitter le territoire", title)
    if re.search(r"interdiction de retour", title) and not titled_oqtf:
        del scores[DocType.oqtf_decision]  # its recitals quote the OQTF, however many times
    elif titled_oqtf or scores[DocType.oqtf_decision][0] >= scores[DocType.return_ban][0]:
        _demote(scores, DocType.return_ban)


def classify(document: DocumentText) -> TypeGuess:
    pages = [p for p in document.pages if p.words]
    if not pages:
        return TypeGuess(DocType.other, 0.5, "", 1)
    first = pages[0]
    title = fold(_title(first))
    # Lines joined by spaces: a cue broken over two lines (« un abonnement | annuel ») is still one.
    text = fold(" ".join(p.text for p in pages[:6]).replace("\n", " "))
    scores = _score(text, title)
    _one_decision_or_two(scores, title, text)
    if not scores or max(s for s, _ in scores.values()) < MIN_SCORE:
        return TypeGuess(DocType.other, 0.6, "", first.number)
    ranked = sorted(scores.items(), key=lambda item: item[1][0], reverse=True)
    best_type, (best_score, evidence) = ranked[0]
    runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
    # A logistic margin: a clear winner is near-certain, a close call is not.
    confidence = 1 / (1 + math.exp(-(best_score - runner_up) / 3.0))
    return TypeGuess(best_type, round(confidence, 4), evidence, first.number)
