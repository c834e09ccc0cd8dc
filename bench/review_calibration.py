"""Does a refit from reviewed values lower the calibration error on a fresh set? (issue 21)

1. The values of a processed labelled set (confidences as served, calibrated) are reviewed through
   the review store by a reviewer who knows the truth: a right value confirmed, a wrong one corrected
   to the true value (or rejected when the truth has none); N values drawn at random.
2. `aes calibrate --from-reviews` refits the tables in use on those judgements.
3. On a fresh set processed with raw confidences (AES_RAW_CONFIDENCE=1), each field's expected
   calibration error with the tables in use and with the refit ones, and over all refit fields.

    python bench/review_calibration.py --reviewed sets/A --reviewed-pred sets/A-pred \
        --fresh sets/B --fresh-raw sets/B-raw --values 200 --work /tmp/review-calibration
"""

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from extractor.facts.calibration import TABLES_PATH, CalibrationTables
from pipelines.evaluation.evaluate import confidence_points
from pipelines.evaluation.reliability import reliability
from review.corrections import Change, apply_change, as_edit_list, confirm_fact
from review.fields import FIELDS, get_fact, json_value
from review.store import Store


def _truth(set_dir: Path, dossier_id: str, file: str, field: str) -> tuple[bool, Any]:
    """(whether the truth knows the document, the field's true value or None)."""
    path = set_dir / "truth" / f"{dossier_id}.json"
    documents = json.loads(path.read_text(encoding="utf-8"))["documents"] if path.is_file() else {}
    if file not in documents:
        return False, None
    group, _, leaf = field.rpartition(".")
    entry = documents[file]
    return True, (entry.get(group) or {}).get(leaf) if group else entry.get(leaf)


def review(set_dir: Path, pred: Path, work: Path, values: int, seed: int) -> tuple[int, int]:
    """Reviews `values` values drawn at random; returns (reviewed, found wrong)."""
    store = Store(work / "review.db")
    store.load(pred)
    candidates = []
    for dossier_id in store.ids():
        for doc in store.get(dossier_id).dossier.documents:
            for field in FIELDS:
                known, _ = _truth(set_dir, dossier_id, doc.file, field)
                if known and get_fact(doc, field) is not None:
                    candidates.append((dossier_id, doc.file, field))
    wrong = 0
    for dossier_id, file, field in random.Random(seed).sample(candidates, min(values, len(candidates))):
        stored = store.get(dossier_id)
        doc = next(d for d in stored.dossier.documents if d.file == file)
        fact = get_fact(doc, field)
        _, true = _truth(set_dir, dossier_id, file, field)
        if json_value(fact.value) == true:
            edit = (lambda f, fl: lambda d: as_edit_list(confirm_fact(d, f, fl)))(file, field)
        else:
            wrong += 1
            change = Change(file, field, true, "relu sur la pièce")
            edit = (lambda c: lambda d: as_edit_list(apply_change(d, c)))(change)
        store.commit(dossier_id, stored.version, "bench", "relu sur la pièce", edit)
    return min(values, len(candidates)), wrong


def _served(tables: CalibrationTables | None, field: str, raw: float) -> float:
    """As extractor.facts.calibration.calibrated serves it."""
    if tables is None or field not in tables.tables:
        return raw
    table = tables.tables[field]
    return round(min(max(float(np.interp(raw, table.raw, table.calibrated)), 0.01), 0.99), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviewed", type=Path, required=True)
    parser.add_argument("--reviewed-pred", type=Path, required=True)
    parser.add_argument("--fresh", type=Path, required=True)
    parser.add_argument("--fresh-raw", type=Path, required=True)
    parser.add_argument("--values", type=int, default=200)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    reviewed, wrong = review(args.reviewed, args.reviewed_pred, args.work, args.values, args.seed)
    print(f"{reviewed} values reviewed, {wrong} found wrong")
    refit = args.work / "tables.json"
    command = [sys.executable, "-c", "from pipelines.cli import main; main()", "calibrate", "--from-reviews", str(args.work),
               "--output", str(refit)]
    print("$ aes calibrate --from-reviews", args.work, "--output", refit)
    subprocess.run(command, check=True)
    before = CalibrationTables.model_validate_json(TABLES_PATH.read_bytes())
    after = CalibrationTables.model_validate_json(refit.read_bytes())
    changed = sorted(f for f in after.tables if after.tables[f] != before.tables.get(f))
    points = [(f, raw, right) for f, raw, right in confidence_points(args.fresh, args.fresh_raw) if f in changed]
    print(f"fresh set {args.fresh.name}: {len(points)} values of the refit fields")
    print(f"{'field':<28} {'values':>6} {'ECE before':>10} {'ECE after':>10}")
    for field in [*changed, "all refit fields"]:
        mine = [(f, raw, right) for f, raw, right in points if f == field or field == "all refit fields"]
        if not mine:
            continue
        ece_before = reliability((_served(before, f, raw), right) for f, raw, right in mine).ece
        ece_after = reliability((_served(after, f, raw), right) for f, raw, right in mine).ece
        print(f"{field:<28} {len(mine):>6} {ece_before:>10.4f} {ece_after:>10.4f}")


if __name__ == "__main__":
    main()
