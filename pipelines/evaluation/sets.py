"""A labelled set and its predictions as `aes evaluate` reads them: every label validated, the
generator's renderings, and each predicted dossier (an invalid one counts as missing, with a warning)."""

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from models.dossier import Dossier
from models.errors import AesError
from models.truth import TruthDossier

Renderings = dict[str, dict[str, dict[str, Any]]]
TEST_TRUST = "two_d_doc_trust"
"""A generated set's side folder: the certificate of the test authority that signed its 2D-DOCs, which
`aes evaluate` trusts for that set alone (extractor/facts/two_d_doc_verify.py)."""


class EvaluationError(AesError):
    """The labelled set or the prediction folder cannot be evaluated as it stands."""

    exit_code = 2


def load_truths(set_dir: Path) -> list[TruthDossier]:
    """Every SET/truth/<id>.json, validated; a label that does not validate stops the evaluation."""
    truth_dir = set_dir / "truth"
    if not truth_dir.is_dir():
        raise EvaluationError(f"{set_dir} is not a labelled set: it has no truth/ folder (truth-format.md).")
    truths = []
    for path in sorted(truth_dir.glob("*.json")):
        try:
            truth = TruthDossier.model_validate_json(path.read_bytes())
        except ValidationError as error:
            raise EvaluationError(f"The label {path} does not follow aes-truth/1: {error}") from error
        if truth.dossier_id != path.stem:
            raise EvaluationError(f"The label {path} names dossier {truth.dossier_id!r}, not {path.stem!r}.")
        truths.append(truth)
    return truths


# Another generator's record (rendering.json) says how each document was « made ».
_MADE = {"text": "text_layer", "scan": "scan", "photo": "scan"}


def _made_renderings(path: Path) -> Renderings:
    try:
        made = TypeAdapter(Renderings).validate_json(path.read_bytes())
    except ValidationError as error:
        raise EvaluationError(f"{path} is not {{dossier: {{file: {{made: ...}}}}}}: {error}") from error
    return {
        dossier: {key: {"rendering": _MADE.get(str(entry.get("made")), "unknown")} for key, entry in files.items()}
        for dossier, files in made.items()
    }


def load_renderings(set_dir: Path) -> Renderings | None:
    """SET/renderings.json, the generator's record of which files are text layers and which scans (or
    another generator's rendering.json)."""
    path = set_dir / "renderings.json"
    if not path.exists():
        made = set_dir / "rendering.json"
        return _made_renderings(made) if made.exists() else None
    try:
        return TypeAdapter(Renderings).validate_json(path.read_bytes())
    except ValidationError as error:
        raise EvaluationError(f"{path} is not {{dossier: {{file: {{rendering: ...}}}}}}: {error}") from error


def load_prediction(pred_dir: Path, dossier_id: str, warnings: list[str]) -> Dossier | None:
    path = pred_dir / dossier_id / "dossier.json"
    if not path.exists():
        return None
    try:
        dossier = Dossier.model_validate_json(path.read_bytes())
    except ValidationError as error:
        warnings.append(f"{path} is not a valid aes-dossier/1 and counts as missing: {error}")
        return None
    if dossier.dossier_id != dossier_id:
        warnings.append(f"{path} names dossier {dossier.dossier_id!r}; it is scored as {dossier_id!r}.")
    return dossier
