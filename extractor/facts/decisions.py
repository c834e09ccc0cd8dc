"""Removal decisions: when the OQTF was decided and notified, and how long a return ban lasts."""

import re

from extractor.facts.folding import fold
from extractor.facts.mentions import DocumentIndex, Found, date_evidence, evidence
from extractor.facts.numbers import DURATION_RE, duration_months
from extractor.facts.periods import issue_date
from models.document import DocType, OqtfFacts, ReturnBanFacts

# « interdiction de retour », « il est fait interdiction à M. X de revenir sur le territoire ».
BAN_CUE = re.compile(r"interdi(t|ction)[\w\s'’.-]{0,60}?(retour|revenir)", re.IGNORECASE)
BAN_REACH = 250
"""The duration follows the words « interdiction de retour » within this many characters; of several
cues, the duration nearest its cue is the one the decision pronounces (a title's cue is far from it)."""


COURT = re.compile(r"tribunal administratif|cour administrative d.?appel|au nom du peuple francais")
TITLE_CHARS = 300
"""A court's name heads its judgment; further down, a decision only names the court of appeal."""
QUOTE_REACH = 25
QUOTED_OQTF = re.compile(r"\barrete\b|\bdecision\b")


def _quoted_decision(index: DocumentIndex):
    """A court's judgment quotes the prefect's arrêté « du 12 mars 2021 »: that is the OQTF's date."""
    quoted = [
        f for f in index.with_role("decision_ref")
        if f.mention.granularity == "day"
        and QUOTED_OQTF.search(fold(f.layout.text[max(0, f.mention.start - QUOTE_REACH) : f.mention.start]))
    ]
    return date_evidence(quoted[0], quoted[0].mention.value, "cue") if quoted else None


# A record of notification says the date first, the act after: « Le 31/10/2023 à 9 h 46, nous, X,
# brigadier de police, avons notifié à M. Y l'arrêté … ».
NOTIFIED_AFTER = re.compile(r"^[^.;]{0,160}?\b(avons|a ete|ont ete|lui a ete|j.?ai)\s+notifie")


def _notified_after(index: DocumentIndex) -> list[Found]:
    return [
        f for f in index.dates
        if f.mention.granularity == "day" and f.role in (None, "issue")
        and NOTIFIED_AFTER.search(fold(f.layout.text[f.mention.end : f.mention.end + 200]).replace("\n", " "))
    ]


def oqtf_facts(index: DocumentIndex) -> OqtfFacts:
    """The prefect's decision read directly, or as a court decision quoting it (read as an OQTF
    decision because a person said so)."""
    judged = bool(index.layouts) and bool(COURT.search(fold(index.layouts[0].text[:TITLE_CHARS])))
    decided = _quoted_decision(index) if judged else issue_date(index, DocType.oqtf_decision)
    notified = [
        f for f in index.with_role("notification") or _notified_after(index)
        if f.mention.granularity == "day" and (decided is None or f.mention.value >= decided.value)
    ]
    notification = None
    if notified:
        # The last notification mention is the act of notifying; earlier ones quote other decisions.
        chosen = notified[-1]
        notification = date_evidence(chosen, chosen.mention.value, "cue")
    method = "quoted_decision" if judged else "decision_signature"
    return OqtfFacts(decision_date=_as_method(decided, method), notification_date=notification)


def _as_method(value, method: str):
    if value is None:
        return None
    return value.model_copy(update={"provenance": value.provenance.model_copy(update={"method": method})})


def ban_facts(index: DocumentIndex) -> ReturnBanFacts | None:
    found = []
    for layout in index.layouts:
        folded = fold(layout.text)
        for cue in BAN_CUE.finditer(folded):
            window = folded[cue.end() : cue.end() + BAN_REACH]
            match = DURATION_RE.search(window)
            months = duration_months(window) if match else None
            if months:
                found.append((match.start(), months, layout, cue.end() + match.start(), cue.end() + match.end()))
    if not found:
        return None
    _, months, layout, start, end = min(found, key=lambda candidate: candidate[0])
    return ReturnBanFacts(duration_months=evidence(months, layout, start, end, "ban_duration", 0.93))
