"""The fields a reviewer may touch, named as in the truth format, and how to read and set them."""

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from models.document import CefrLevel, DocType, DocumentRecord, LanguageKind
from models.evidence import Extracted
from models.fields import FACT_FIELDS, FIELDS_BY_NAME, Kind
from models.vocabulary import DOC_TYPE_LABELS


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    choices: tuple[tuple[str, str], ...] = ()


def _enum_choices(enum: type[Enum], labels: dict[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, (labels or {}).get(m.value, m.value)) for m in enum)


_CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "doc_type": _enum_choices(DocType, DOC_TYPE_LABELS),
    "language.kind": _enum_choices(LanguageKind),
    "language.level": tuple((v, v) for v in get_args(CefrLevel)),
    "contract.signed": (("true", "Oui"), ("false", "Non")),
}
FIELDS: dict[str, FieldSpec] = {
    f.name: FieldSpec(f.name, f.label, f.kind, _CHOICES.get(f.name, ())) for f in FACT_FIELDS
}


class UnknownField(ValueError):
    pass


def _split(field: str) -> tuple[str | None, str]:
    if field not in FIELDS:
        raise UnknownField(field)
    return FIELDS_BY_NAME[field].group, FIELDS_BY_NAME[field].leaf


def get_fact(doc: DocumentRecord, field: str) -> Extracted[Any] | None:
    _split(field)
    return FIELDS_BY_NAME[field].get(doc)


def with_fact(doc: DocumentRecord, field: str, fact: Extracted[Any] | None) -> DocumentRecord:
    """A copy of the document with one field set; validated by the models, so a type slip raises."""
    group, name = _split(field)
    data = doc.model_dump()
    if group:
        facts = {**(data[group] or {}), name: fact.model_dump() if fact else None}
        # A group left with no fact at all is absent, as the pipeline writes it.
        data[group] = facts if any(v is not None for v in facts.values()) else None
    else:
        data[name] = fact.model_dump() if fact else None
    return DocumentRecord.model_validate(data)


def _adapter(field: str) -> TypeAdapter[Any]:
    group, name = _split(field)
    return TypeAdapter(FIELDS_BY_NAME[field].model.model_fields[name].annotation)


def parse_fact(field: str, data: dict[str, Any] | None) -> Extracted[Any] | None:
    """Validates a fact for a field (its value typed as the model says); raises ValidationError."""
    return _adapter(field).validate_python(data)


def parse_value(field: str, raw: Any) -> Any:
    """The typed value for a field from a form or JSON value, or ValueError in French."""
    spec = FIELDS[field]
    probe = {"value": raw, "confidence": 1.0, "provenance": {"page": 1, "source": "reviewer"}}
    try:
        fact = parse_fact(field, probe)
    except ValidationError as exc:
        raise ValueError(f"Valeur invalide pour « {spec.label} » : {_expected(spec)}.") from exc
    assert fact is not None
    return fact.value


def _expected(spec: FieldSpec) -> str:
    if spec.kind == "date":
        return "une date AAAA-MM-JJ est attendue"
    if spec.kind == "int":
        return "un nombre entier est attendu"
    return "choisissez une valeur de la liste"


def plain(value: Any) -> Any:
    """A value as JSON and HTML forms hold it: ISO dates, enum values, true/false."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
