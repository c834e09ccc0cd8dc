"""What reviewers' judgements say about the reader's confidences: the points `aes calibrate
--from-reviews` refits the tables on.

A reading confirmed was right; corrected or rejected, wrong. Only a reviewer's first judgement of a
reading counts (a later change judges a reviewer, not the reader), and a judgement undone is taken back.
"""

from pathlib import Path

from models.fields import FIELDS_BY_NAME
from review.store import Store

RIGHT = {"confirm": True, "correct": False, "reject": False}


def reviewed_outcomes(db_path: Path) -> list[tuple[str, float, bool]]:
    """(field as scored, confidence the reader gave, right) for every reading a reviewer judged."""
    judged: dict[tuple[str, str, str], tuple[int, str, float, bool]] = {}
    taken_back: set[tuple[str, int]] = set()
    versions: dict[str, list[int]] = {}
    for line in Store(db_path).history():
        seen = versions.setdefault(line.dossier_id, [])
        if line.action == "undo":
            # The change undone is the one just before this undo in the dossier's journal.
            earlier = [v for v in seen if v < line.version]
            if earlier:
                taken_back.add((line.dossier_id, earlier[-1]))
        if not seen or seen[-1] != line.version:
            seen.append(line.version)
        key = (line.dossier_id, line.document, line.field)
        if line.action not in RIGHT or line.old is None or line.old.reviewed or line.field not in FIELDS_BY_NAME:
            continue
        if key in judged and (line.dossier_id, judged[key][0]) not in taken_back:
            continue
        judged[key] = (line.version, FIELDS_BY_NAME[line.field].scored, line.old.confidence, RIGHT[line.action])
    return [
        (field, confidence, right)
        for (dossier_id, _, _), (version, field, confidence, right) in judged.items()
        if (dossier_id, version) not in taken_back
    ]
