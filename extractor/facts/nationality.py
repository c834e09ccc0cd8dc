"""Nationalities that change the rules (bilateral accords, EU citizens): a warning for the agent."""

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the dossier stage reads the regimes: it must not load spaCy (via mentions) for that
    from extractor.facts.mentions import DocumentIndex

REGIMES_PATH = Path(__file__).parents[1] / "data" / "nationality_regimes.json"
STATED = r"nationalit[ey](?:\s*/\s*nationality)?\s*:?\s*"


@cache
def _regimes() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = json.loads(REGIMES_PATH.read_text(encoding="utf-8"))
    return tuple((re.compile(STATED + rf"\b{r['pattern']}\b"), r["warning"]) for r in data["regimes"])


def nationality_warnings(index: "DocumentIndex") -> tuple[str, ...]:
    text = index.folded()
    return tuple(warning for pattern, warning in _regimes() if pattern.search(text))


def regime_warnings() -> frozenset[str]:
    return frozenset(warning for _, warning in _regimes())
