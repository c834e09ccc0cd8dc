"""Shared base for every model: frozen, strict about unknown keys, JSON is the product."""

from pydantic import BaseModel, ConfigDict


class AesModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
