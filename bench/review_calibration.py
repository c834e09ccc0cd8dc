"""Does a refit from reviewed values lower the calibration error on a fresh set? (issue 21)

One labelled set processed with raw confidences (AES_RAW_CONFIDENCE=1), its dossiers dealt in two
halves by name (first, third, … reviewed; second, fourth, … fresh):

1. The reviewed half is served as the app serves it (the tables in use applied, as `aes process`
   does) and N of its values drawn at random are reviewed through the review store by a reviewer
   who knows the truth: a right value confirmed, a wrong one corrected to the true value (rejected
   when the truth has none).
2. `aes calibrate --from-reviews` refits the tables in use on those judgements.
3. On the fresh half, each refit field's expected calibration error with the tables in use and with
   the refit ones, and over all refit fields.

    AES_RAW_CONFIDENCE=1 aes process SET/dossiers --out SET-raw
    python bench/review_calibration.py --set SET --raw SET-raw --values 200 --work /tmp/review-calibration
"""

import argparse
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from extractor.facts.calibration import TABLES_PATH, CalibrationTables, calibrate_record
from models.dossier import Dossier
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


def _halves(set_dir: Path) -> tuple[list[str], list[str]]:
    ids = sorted(path.stem for path in (set_dir / "truth").glob("*.json"))
    return ids[0::2], ids[1::2]


def serve(raw: Path, ids: list[str], served: Path) -> None:
    """The dossiers as `aes process` would have written them with the tables in use."""
    for dossier_id in ids:
        dossier = Dossier.model_validate_json((raw / dossier_id / "dossier.json").read_bytes())
        documents = tuple(calibrate_record(doc) for doc in dossier.documents)
        (served / dossier_id).mkdir(parents=True, exist_ok=True)
        (served / dossier_id / "dossier.json").write_text(dossier.model_copy(update={"documents": documents}).to_json())


def review(set_dir: Path, served: Path, work: Path, values: int, seed: int) -> tuple[int, int]:
    """Reviews `values` values drawn at random; returns (reviewed, found wrong)."""
    store = Store(work / "review.db")
    store.load(served)
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


def fresh_half(set_dir: Path, ids: list[str], work: Path) -> Path:
    """A labelled set of the fresh half only: its labels and the set's record of how papers were made."""
    fresh = work / "fresh"
    (fresh / "truth").mkdir(parents=True, exist_ok=True)
    for dossier_id in ids:
        shutil.copy(set_dir / "truth" / f"{dossier_id}.json", fresh / "truth")
    for name in ("renderings.json", "rendering.json"):
        if (set_dir / name).is_file():
            shutil.copy(set_dir / name, fresh / name)
    return fresh


def _served(tables: CalibrationTables | None, field: str, raw: float) -> float:
    """As extractor.facts.calibration.calibrated serves it."""
    if tables is None or field not in tables.tables:
        return raw
    table = tables.tables[field]
    return round(min(max(float(np.interp(raw, table.raw, table.calibrated)), 0.01), 0.99), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, required=True, help="a labelled set (aes-truth/1)")
    parser.add_argument("--raw", type=Path, required=True, help="its predictions made with AES_RAW_CONFIDENCE=1")
    parser.add_argument("--values", type=int, default=200)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--work", type=Path, required=True, help="an empty folder")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    reviewed_ids, fresh_ids = _halves(args.set)
    serve(args.raw, reviewed_ids, args.work / "served")
    reviewed, wrong = review(args.set, args.work / "served", args.work, args.values, args.seed)
    print(f"{args.set.name}: {len(reviewed_ids)} dossiers reviewed, {len(fresh_ids)} fresh; "
          f"{reviewed} values reviewed, {wrong} found wrong")
    refit = args.work / "tables.json"
    command = [sys.executable, "-c", "from pipelines.cli import main; main()", "calibrate", "--from-reviews", str(args.work),
               "--output", str(refit)]
    print("$ aes calibrate --from-reviews", args.work, "--output", refit)
    subprocess.run(command, check=True)
    before = CalibrationTables.model_validate_json(TABLES_PATH.read_bytes())
    after = CalibrationTables.model_validate_json(refit.read_bytes())
    changed = sorted(f for f in after.tables if after.tables[f] != before.tables.get(f))
    points = [p for p in confidence_points(fresh_half(args.set, fresh_ids, args.work), args.raw) if p[0] in changed]
    print(f"fresh half: {len(points)} values of the refit fields")
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
