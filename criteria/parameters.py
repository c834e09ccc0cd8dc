"""Legal parameters as dated, referenced data (criteria/parameters.json), OpenFisca-style.

Each parameter has values keyed by the date from which they apply and the text that sets
them. A `null` value closes a parameter (e.g. an experimental scheme that ends). Rules ask
for the value in force at the application date and list what they used in their details.
"""

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from models.base import AesModel

DEFAULT_PATH = Path(__file__).with_name("parameters.json")


class ParameterError(ValueError):
    """A parameter is unknown, or has no value in force at the date asked."""


class ParameterValue(AesModel):
    since: date = Field(description="First day the value applies.")
    value: int | None = Field(description="The value; null when the rule no longer applies.")
    reference: str = Field(min_length=1, description="The text that sets the value.")


class Parameter(AesModel):
    description: str = Field(min_length=1)
    unit: Literal["year", "month", "day", "count", "flag"]
    values: tuple[ParameterValue, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_increase(self) -> "Parameter":
        days = [v.since for v in self.values]
        if days != sorted(set(days)):
            raise ValueError("values must be listed by strictly increasing 'since' date")
        return self


class Parameters(AesModel):
    parameters: dict[str, Parameter]

    def at(self, name: str, when: date) -> ParameterValue:
        """The value of `name` in force on `when` (the latest one whose `since` is not after it)."""
        if name not in self.parameters:
            raise ParameterError(f"unknown legal parameter {name!r}")
        in_force = [v for v in self.parameters[name].values if v.since <= when]
        if not in_force:
            first = self.parameters[name].values[0].since
            raise ParameterError(
                f"legal parameter {name!r} has no value before {first.isoformat()}"
                f" (asked at {when.isoformat()})"
            )
        return in_force[-1]

    def value(self, name: str, when: date) -> int | None:
        return self.at(name, when).value

    def used(self, names: list[str], when: date) -> dict[str, dict[str, object]]:
        """What a rule puts in its details: each parameter's value, start date and source."""
        return {
            name: {
                "value": self.at(name, when).value,
                "since": self.at(name, when).since.isoformat(),
                "unit": self.parameters[name].unit,
                "reference": self.at(name, when).reference,
            }
            for name in names
        }


def load_parameters(path: Path = DEFAULT_PATH) -> Parameters:
    """Read and validate a parameters file; raises pydantic.ValidationError on any defect."""
    return _load(path.resolve())


@lru_cache(maxsize=8)
def _load(path: Path) -> Parameters:
    return Parameters.model_validate({"parameters": json.loads(path.read_text(encoding="utf-8"))})
