"""Criterion agreement: do the predicted statuses match those the true facts lead to?

The reference status of each criterion is what `criteria.assess` says of the dossier built from
the labels (`evaluate.dossier_from_truth`); this module only compares two assessments.
"""

from collections import Counter
from collections.abc import Iterable
from typing import get_args

from pydantic import Field

from models.base import AesModel
from models.dossier import Assessment, CriterionId

MISSING = "(missing)"
"""Status of a criterion that one side does not assess (or a dossier that was not predicted)."""


class CriterionScore(AesModel):
    dossiers: int
    agreed: int
    rate: float | None = Field(description="agreed / dossiers; None without any dossier.")
    statuses: dict[str, dict[str, int]] = Field(description="Status from the truth -> predicted -> dossiers.")


class Disagreement(AesModel):
    dossier_id: str
    criterion: str
    truth: str
    predicted: str


class CriterionAgreement(AesModel):
    dossiers: int
    total: int = Field(description="Criterion results compared, all dossiers together.")
    agreed: int
    rate: float | None
    criteria: dict[str, CriterionScore]
    disagreements: tuple[Disagreement, ...] = ()


def _statuses(assessment: Assessment | None) -> dict[str, str]:
    return {c.id: c.status for c in assessment.criteria} if assessment is not None else {}


def _order(criterion: str) -> tuple[int, str]:
    known = get_args(CriterionId)
    return (known.index(criterion), "") if criterion in known else (len(known), criterion)


def agreement(pairs: Iterable[tuple[str, Assessment, Assessment | None]]) -> CriterionAgreement:
    """Compare (dossier_id, assessment of the true facts, predicted assessment or None) triples.

    Every criterion either side assesses is compared; one the other side lacks is a disagreement.
    """
    tables: dict[str, Counter[tuple[str, str]]] = {}
    disagreements: list[Disagreement] = []
    dossiers = 0
    for dossier_id, truth, predicted in pairs:
        dossiers += 1
        true_statuses, predicted_statuses = _statuses(truth), _statuses(predicted)
        for criterion in sorted(true_statuses.keys() | predicted_statuses.keys(), key=_order):
            expected = true_statuses.get(criterion, MISSING)
            got = predicted_statuses.get(criterion, MISSING)
            tables.setdefault(criterion, Counter())[expected, got] += 1
            if expected != got:
                disagreements.append(
                    Disagreement(dossier_id=dossier_id, criterion=criterion, truth=expected, predicted=got)
                )
    scores = {}
    for criterion in sorted(tables, key=_order):
        table = tables[criterion]
        statuses: dict[str, dict[str, int]] = {}
        for (expected, got), count in sorted(table.items()):
            statuses.setdefault(expected, {})[got] = count
        compared = sum(table.values())
        agreed = sum(count for (expected, got), count in table.items() if expected == got)
        scores[criterion] = CriterionScore(
            dossiers=compared, agreed=agreed, rate=agreed / compared if compared else None, statuses=statuses
        )
    total = sum(score.dossiers for score in scores.values())
    agreed = sum(score.agreed for score in scores.values())
    return CriterionAgreement(
        dossiers=dossiers,
        total=total,
        agreed=agreed,
        rate=agreed / total if total else None,
        criteria=scores,
        disagreements=tuple(disagreements),
    )
