"""The circular's checker: one rule per criterion, legal numbers from dated data.

`assess` evaluates every criterion at the dossier's application date; `recheck` reads a
dossier JSON and recomputes its assessment (for `aes check`).
"""

from collections.abc import Callable
from pathlib import Path
from typing import get_args

from criteria import common_law, contract, language, oqtf, person_checks, presence
from criteria.parameters import ParameterError, Parameters, load_parameters
from models.dossier import Assessment, CriterionId, CriterionResult, Dossier

Rule = Callable[[Dossier, Parameters], CriterionResult]

RULES: dict[str, Rule] = {
    "republican_contract": contract.evaluate,
    "presence_duration": presence.evaluate,
    "language": language.evaluate,
    "oqtf": oqtf.evaluate,
    "public_order": person_checks.public_order,
    "polygamy": person_checks.polygamy,
    "common_law_route": common_law.evaluate,
}
assert set(RULES) == set(get_args(CriterionId)), "every criterion needs exactly one rule"

__all__ = ["ParameterError", "Parameters", "assess", "load_parameters", "recheck"]


def assess(dossier: Dossier, parameters: Parameters | None = None) -> Assessment:
    """Every criterion at the application date, in the order of CriterionId.

    Raises ParameterError when a legal parameter has no value in force at that date.
    """
    params = parameters or load_parameters()
    return Assessment(criteria=tuple(RULES[cid](dossier, params) for cid in get_args(CriterionId)))


def recheck(path: Path, parameters: Parameters | None = None) -> Dossier:
    """Read a dossier JSON (aes-dossier/1) and return it with a freshly computed assessment."""
    dossier = Dossier.model_validate_json(path.read_text(encoding="utf-8"))
    return dossier.model_copy(update={"assessment": assess(dossier, parameters)})
