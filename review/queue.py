"""Which dossier needs eyes first: the weakest unreviewed fact a criterion rests on."""

from typing import Any

from pydantic import BaseModel

from models.dossier import Dossier
from models.evidence import Extracted
from review.fields import FIELDS, get_fact

# Statuses a reviewer can still move by fixing a fact.
OPEN_STATUSES = ("uncertain", "to_check")


class QueueEntry(BaseModel):
    dossier_id: str
    application_date: str
    version: int
    weakest_confidence: float | None = None
    """Lowest confidence among unreviewed facts cited as evidence; None when there are none."""
    weakest_ref: str | None = None
    open_criteria: int = 0
    statuses: dict[str, str] = {}
    documents: int = 0
    reviewed_facts: int = 0
    facts: int = 0
    relu: bool = False
    """Every value a criterion rests on has been reviewed (there is at least one)."""


def _split_ref(ref: str) -> tuple[str, str]:
    # FILE#field, where FILE itself may hold a '#pA-B' suffix.
    document, _, field = ref.rpartition("#")
    return document, field


def evidence_facts(dossier: Dossier) -> list[Extracted[Any]]:
    """The facts the criteria cite as evidence, each once."""
    by_file = {doc.file: doc for doc in dossier.documents}
    refs = {ref for c in (dossier.assessment.criteria if dossier.assessment else ()) for ref in c.evidence}
    facts = []
    for ref in sorted(refs):
        document, field = _split_ref(ref)
        doc = by_file.get(document)
        if doc is not None and field in FIELDS and (fact := get_fact(doc, field)) is not None:
            facts.append(fact)
    return facts


def queue_entry(dossier: Dossier, version: int) -> QueueEntry:
    by_file = {doc.file: doc for doc in dossier.documents}
    criteria = dossier.assessment.criteria if dossier.assessment else ()
    weakest: tuple[float, str] | None = None
    for criterion in criteria:
        for ref in criterion.evidence:
            document, field = _split_ref(ref)
            doc = by_file.get(document)
            fact = get_fact(doc, field) if doc is not None and field in FIELDS else None
            if fact is not None and not fact.reviewed and (weakest is None or fact.confidence < weakest[0]):
                weakest = (fact.confidence, ref)
    facts = [f for doc in dossier.documents for name in FIELDS if (f := get_fact(doc, name)) is not None]
    return QueueEntry(
        dossier_id=dossier.dossier_id,
        application_date=dossier.application_date.isoformat(),
        version=version,
        weakest_confidence=weakest[0] if weakest else None,
        weakest_ref=weakest[1] if weakest else None,
        open_criteria=sum(c.status in OPEN_STATUSES for c in criteria),
        statuses={c.id: c.status for c in criteria},
        documents=len(dossier.documents),
        reviewed_facts=sum(f.reviewed for f in facts),
        facts=len(facts),
        relu=bool(evidence := evidence_facts(dossier)) and all(f.reviewed for f in evidence),
    )


def order(entries: list[QueueEntry]) -> list[QueueEntry]:
    """Lowest weakest confidence first (nothing left to doubt counts as 1.0); then more open criteria."""
    return sorted(
        entries,
        key=lambda e: (
            1.0 if e.weakest_confidence is None else e.weakest_confidence,
            -e.open_criteria,
            e.dossier_id,
        ),
    )
