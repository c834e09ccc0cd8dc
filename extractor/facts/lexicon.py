"""The extractor's wording kept as data (`extractor/data/`): read once, strictly, by a pydantic model.

A file that does not fit its model (an unknown role or document type, an empty label, an extra key)
stops aes with an error naming the file, rather than quietly matching less.
"""

import json
from pathlib import Path
from typing import TypeVar

from models.base import AesModel
from models.errors import LexiconError

DATA = Path(__file__).parents[1] / "data"
M = TypeVar("M", bound=AesModel)


class Entry(AesModel):
    """What every entry carries beside what is matched: a line of a paper that shows it, and why it is there."""

    example: str
    note: str | None = None


def load_lexicon(path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:  # a pydantic ValidationError is a ValueError
        raise LexiconError(f"{path} : fichier de lexique invalide — {error}") from error
