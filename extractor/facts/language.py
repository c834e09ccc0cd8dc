"""French-language proof: which test or diploma, and the CEFR level it states."""

import re

from extractor.facts.folding import fold
from extractor.facts.layout import PageLayout
from extractor.facts.mentions import DocumentIndex, evidence
from models.document import DocType, LanguageFacts, LanguageKind
from models.evidence import BBox
from models.text import Word

# Most specific first: « TCF IRN » before « TCF ».
KIND_PATTERNS: tuple[tuple[LanguageKind, re.Pattern[str]], ...] = (
    # The IRN test's name may be spelled out: « Test de connaissance du français pour l'intégration, la
    # résidence et la nationalité » (OCR may lose a word of it).
    (LanguageKind.TCF_IRN, re.compile(
        r"\btcf\s*[-–]?\s*(irn|integration|anf|crf)\b|\btcf\b.{0,80}integration,? residence"
        r"|test de connaissance du francais\s+pour\s+l.?(integration|acces a la nationalite)"
        r"|test de connaissance du francais\s+pour\s+l.?\w*\s+la (residence|nationalite)"
    )),
    (LanguageKind.TEF_IRN, re.compile(r"\btef\s*[-–]?\s*(irn|integration)\b|\btef\b.{0,80}integration,? residence")),
    (LanguageKind.TCF, re.compile(r"\btcf\b|test de connaissance du francais")),
    (LanguageKind.TEF, re.compile(r"\btef\b|test d.?evaluation de francais")),
    (LanguageKind.DALF, re.compile(r"\bdalf\b|diplome approfondi de langue francaise")),
    (LanguageKind.DELF, re.compile(r"\bdelf\b|diplome d.?etudes en langue francaise")),
    (LanguageKind.DILF, re.compile(r"\bdilf\b|diplome initial de langue francaise")),
    (LanguageKind.DCL, re.compile(r"\bdcl\b|diplome de competence en langue")),
)
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
# OCR reads the digit 1 as a letter: « DILF al », « Niveau global : BI » (but « ci-dessus », « celle-ci »,
# « j'ai » are no levels).
_LEVEL = r"(?<![-'’])\b([abc][12li])(?:\.\d)?\b(?![-'’])"
# A level labelled as the overall one is looked for before any other « Niveau B1 »: a result sheet prints
# a level under each skill, then « Niveau CECRL global : B1 ».
GLOBAL_RE = re.compile(
    rf"(niveau\s+(cecrl?\s+|europeen\s+)?(global|general|obtenu|atteint|final)|resultat\s+global|niveau\s+cecrl?)"
    rf"[^\n]{{0,25}}?{_LEVEL}"
)
OVERALL_RE = re.compile(rf"(niveau\s+europeen|niveau)[^\n]{{0,25}}?{_LEVEL}")
KIND_LEVEL_RE = re.compile(rf"\b(delf|dalf|dcl|dilf)(\s+(prim|junior|pro|tout public))?\s*{_LEVEL}")
SKILL_RE = re.compile(rf"(comprehension|expression|production|interaction)\s+(orale|ecrite)[^\n]{{0,40}}?{_LEVEL}")


def language_facts(index: DocumentIndex, doc_type: DocType) -> LanguageFacts | None:
    for layout in index.layouts:
        text = fold(layout.text)
        kind = _kind(text, doc_type)
        if kind is None:
            continue
        kind_value, start, end = kind
        level = None if kind_value == LanguageKind.french_diploma else _level(index)
        return LanguageFacts(kind=evidence(kind_value, layout, start, end, "kind_cue", 0.95), level=level)
    return None


def _kind(text: str, doc_type: DocType) -> tuple[LanguageKind, int, int] | None:
    if doc_type == DocType.french_diploma:
        match = re.search(r"baccalaureat|diplome|brevet|licence|master|certificat d.?aptitude", text)
        return (LanguageKind.french_diploma, match.start(), match.end()) if match else None
    for kind, pattern in KIND_PATTERNS:
        match = pattern.search(text)
        if match:
            return kind, match.start(), match.end()
    return None


def _cefr(level: str) -> str:
    return level.upper().replace("L", "1").replace("I", "1")


GLOBAL_LABEL = re.compile(
    r"niveau\s+(cecrl?\s+|europeen\s+)?(global|general|obtenu|atteint|final)|resultat\s+global|niveau\s+cecrl?\b"
)
LEVEL_WORD = re.compile(r"[abc][12li]", re.IGNORECASE)
BESIDE_REACH = 2.5
"""Line heights within which a label's value stands: on its row to its right, or just below it."""


def _rows_apart(word: Word, box: BBox) -> float:
    """How many of the label's line heights separate the word's centre from the label's."""
    return abs((word.bbox[1] + word.bbox[3]) / 2 - (box[1] + box[3]) / 2) / max(box[3] - box[1], 1e-6)


def _level_beside(layout: PageLayout):
    """« Niveau CECRL global : » whose level is printed apart, in a box to its right or under it: OCR
    reads the box as a line of its own, away from its label."""
    for label in GLOBAL_LABEL.finditer(fold(layout.text)):
        box = layout.bbox(label.start(), label.end())
        if box is None:
            continue
        height = max(box[3] - box[1], 1e-6)
        near = [
            (_rows_apart(w, box), i) for i, w in enumerate(layout.words)
            if LEVEL_WORD.fullmatch(w.text) and w.bbox[0] >= box[0] and w.bbox[1] >= box[1] - height / 2
            and _rows_apart(w, box) <= BESIDE_REACH
        ]
        if near:
            _, i = min(near)
            start = layout.starts[i]
            return evidence(_cefr(layout.words[i].text), layout, start, start + len(layout.words[i].text), "level_cue", 0.9)
    return None


def _level(index: DocumentIndex):
    for layout in index.layouts:
        match = GLOBAL_RE.search(fold(layout.text))
        if match:
            return evidence(_cefr(match.group(match.lastindex)), layout, *match.span(match.lastindex), "level_cue", 0.93)
    for layout in index.layouts:
        beside = _level_beside(layout)
        if beside is not None:
            return beside
    for regex in (OVERALL_RE, KIND_LEVEL_RE):
        for layout in index.layouts:
            match = regex.search(fold(layout.text))
            if match:
                level = _cefr(match.group(match.lastindex))
                return evidence(level, layout, match.start(match.lastindex), match.end(match.lastindex), "level_cue", 0.93)
    skills = []
    for layout in index.layouts:
        text = fold(layout.text)
        skills += [(_cefr(m.group(3)), layout, m.start(3), m.end(3)) for m in SKILL_RE.finditer(text)]
    if skills:
        # With no overall level printed, the level held in every skill is the lowest of them.
        level, layout, start, end = min(skills, key=lambda s: LEVELS.index(s[0]))
        return evidence(level, layout, start, end, "lowest_skill", 0.85)
    return None
