"""One line of OUT/manifest.jsonl per input file (design.md, output layout)."""

from typing import Literal

from pydantic import Field

from models.base import AesModel


class ManifestEntry(AesModel):
    path: str = Field(description="Path of the input file relative to the input folder.")
    sha256: str | None = None
    dossier_id: str
    status: Literal["ok", "failed", "skipped"]
    error: str | None = Field(None, description="A sentence a person understands (French).")
    error_code: str | None = Field(None, description="Why, for machines: a stable code (models/errors.py).")
    seconds: float = 0.0
    pages: int = 0
    warnings: tuple[str, ...] = ()
