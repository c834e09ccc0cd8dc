"""Real documents labelled file by file (`labels.json`, as in shared/real-dev) made into a labelled set.

Such a folder holds loose papers, each with its type and dates read by a person, and no dossier. Each
file becomes a dossier of its own (so that nothing joins two strangers' papers), with an aes-truth/1
label and a renderings.json that says which files have a text layer; `aes evaluate` then scores it as
any other set. The papers are copied: the reader refuses a link that leaves the folder it reads.
"""

import json
import shutil
from datetime import date
from pathlib import Path

from pydantic import Field, ValidationError

from models.base import AesModel
from models.document import DocType
from models.errors import AesError
from models.truth import TruthDocument, TruthDossier

LABELS = "labels.json"


class LabelledFilesError(AesError):
    """The folder's labels.json cannot be read as labelled files."""

    exit_code = 2


class FileLabel(AesModel, extra="ignore"):
    """One file's labels; the source, licence and notes that come with them are not scored."""

    doc_type: DocType
    issue_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    text_layer: bool = Field(description="Whether the file has a usable text layer.")


def is_labelled_files(folder: Path) -> bool:
    return (folder / LABELS).is_file() and not (folder / "truth").is_dir()


def _labels(folder: Path) -> dict[str, FileLabel]:
    path = folder / LABELS
    try:
        raw = json.loads(path.read_bytes())
        return {name: FileLabel.model_validate(entry) for name, entry in raw.items()}
    except (json.JSONDecodeError, ValidationError, AttributeError) as error:
        raise LabelledFilesError(f"{path} n'est pas une liste de fichiers étiquetés : {error}") from error


def labelled_set(folder: Path, out: Path, application_date: date) -> Path:
    """Write the set into `out` and return it. Real papers carry no application: `application_date`
    stands for it (the day of the evaluation), which only the criteria's agreement uses."""
    labels = _labels(folder)
    renderings: dict[str, dict[str, dict[str, str]]] = {}
    for name, label in sorted(labels.items()):
        source = folder / name
        if not source.is_file():
            raise LabelledFilesError(f"{folder / LABELS} étiquette {name}, qui n'est pas dans le dossier.")
        dossier_id = Path(name).stem
        papers = out / "dossiers" / dossier_id
        papers.mkdir(parents=True, exist_ok=True)
        copy = papers / name
        if copy.is_symlink():  # a set adapted before links were refused
            copy.unlink()
        if not copy.exists():
            shutil.copyfile(source, copy)
        document = TruthDocument(**label.model_dump(exclude={"text_layer"}))
        truth = TruthDossier(dossier_id=dossier_id, application_date=application_date, documents={name: document})
        (out / "truth").mkdir(exist_ok=True)
        (out / "truth" / f"{dossier_id}.json").write_text(truth.model_dump_json(indent=1, exclude_none=True))
        renderings[dossier_id] = {name: {"rendering": "text_layer" if label.text_layer else "scan"}}
    (out / "renderings.json").write_text(json.dumps(renderings, indent=1))
    return out
