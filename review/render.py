"""Jinja2 environment of the review pages: autoescaped, French labels, dates JJ/MM/AAAA."""

from datetime import date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader

from models import vocabulary
from models.document import DocumentRecord
from models.vocabulary import CRITERION_LABELS, DOC_TYPE_LABELS, SOURCE_LABELS, TWO_D_DOC_STATUS_LABELS, capitalised
from models.vocabulary import STATUS_LABELS as _STATUSES
from review.fields import FIELDS, json_value

PARIS = ZoneInfo("Europe/Paris")

STATUS_LABELS = capitalised(_STATUSES)
ACTION_LABELS = {
    "confirm": "Confirmé", "correct": "Corrigé", "reject": "Rejeté", "add": "Ajouté", "split": "Scindé", "merge": "Fusionné",
}

def fr_date(value: date | str | None) -> str:
    if value is None:
        return "—"
    return vocabulary.fr_date(date.fromisoformat(value) if isinstance(value, str) else value)


def fr_datetime(value: datetime) -> str:
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def show(value: Any, field: str) -> str:
    """A fact's value as a person reads it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, date):
        return fr_date(value)
    raw = value.value if isinstance(value, Enum) else value
    return DOC_TYPE_LABELS.get(raw, str(raw)) if field == "doc_type" else str(raw)


def form_value(value: Any) -> str:
    """A fact's value as an <input> or <option> holds it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(json_value(value))


def spans(documents: tuple[DocumentRecord, ...]) -> str:
    """Which pages formed which documents, for the journal of a split or a merge."""
    return " ; ".join(
        f"page {d.pages[0]}" if d.pages[0] == d.pages[1] else f"pages {d.pages[0]} à {d.pages[1]}" for d in documents
    )


def percent(confidence: float) -> str:
    return f"{round(confidence * 100)} %"


def templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("review", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        fr_date=fr_date, fr_datetime=fr_datetime, show=show, form_value=form_value, percent=percent, spans=spans
    )
    env.globals.update(
        FIELDS=FIELDS,
        CRITERION_LABELS=CRITERION_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        ACTION_LABELS=ACTION_LABELS,
        SOURCE_LABELS=SOURCE_LABELS,
        DOC_TYPE_LABELS=DOC_TYPE_LABELS,
        TWO_D_DOC_STATUS_LABELS=TWO_D_DOC_STATUS_LABELS,
    )
    return Jinja2Templates(env=env)
