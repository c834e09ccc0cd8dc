"""Removal decisions: when the OQTF was decided and notified, and how long a return ban lasts."""

import re

from extractor.cues import fold
from extractor.mentions import DocumentIndex, date_evidence, evidence
from extractor.numbers import DURATION_RE, duration_months
from extractor.periods import issue_date
from models.document import DocType, OqtfFacts, ReturnBanFacts

BAN_CUE = re.compile(r"interdi(t|ction)[\w\s'’]{0,40}?retour", re.IGNORECASE)
BAN_REACH = 250
"""The duration follows the words « interdiction de retour » within this many characters."""


def oqtf_facts(index: DocumentIndex) -> OqtfFacts:
    decided = issue_date(index, DocType.oqtf_decision)
    notified = [
        f for f in index.with_role("notification")
        if f.mention.granularity == "day" and (decided is None or f.mention.value >= decided.value)
    ]
    notification = None
    if notified:
        # The last notification mention is the act of notifying; earlier ones quote other decisions.
        chosen = notified[-1]
        notification = date_evidence(chosen, chosen.mention.value, "cue")
    return OqtfFacts(decision_date=_as_method(decided, "decision_signature"), notification_date=notification)


def _as_method(value, method: str):
    if value is None:
        return None
    return value.model_copy(update={"provenance": value.provenance.model_copy(update={"method": method})})


def ban_facts(index: DocumentIndex) -> ReturnBanFacts | None:
    for layout in index.layouts:
        folded = fold(layout.text)
        for cue in BAN_CUE.finditer(folded):
            window = folded[cue.end() : cue.end() + BAN_REACH]
            match = DURATION_RE.search(window)
            months = duration_months(window) if match else None
            if months:
                start = cue.end() + match.start()
                return ReturnBanFacts(
                    duration_months=evidence(months, layout, start, cue.end() + match.end(), "ban_duration", 0.93)
                )
    return None
