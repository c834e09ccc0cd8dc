"""The fields a reviewer may touch, named as in the truth format, and how to read and set them."""

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Literal, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from models.document import (
    CefrLevel,
    ContractFacts,
    DocType,
    DocumentRecord,
    LanguageFacts,
    LanguageKind,
    OqtfFacts,
    ReturnBanFacts,
)
from models.evidence import Extracted

DOC_TYPE_LABELS: dict[str, str] = {
    "payslip": "Bulletin de salaire",
    "tax_notice": "Avis d'imposition",
    "utility_bill": "Facture (énergie, téléphone…)",
    "rent_receipt": "Quittance de loyer",
    "medical": "Document médical",
    "ame_attestation": "Attestation AME",
    "bank_statement": "Relevé bancaire",
    "school_certificate": "Certificat de scolarité",
    "transport_pass": "Titre de transport",
    "domiciliation": "Attestation de domiciliation",
    "oqtf_decision": "Décision d'OQTF",
    "return_ban": "Interdiction de retour",
    "language_certificate": "Certificat de langue",
    "french_diploma": "Diplôme français",
    "republican_contract": "Contrat d'engagement républicain",
    "identity": "Pièce d'identité",
    "employment": "Document d'emploi",
    "other": "Autre",
}

Kind = Literal["date", "int", "choice"]
_GROUPS: dict[str, type[BaseModel]] = {
    "oqtf": OqtfFacts,
    "return_ban": ReturnBanFacts,
    "language": LanguageFacts,
    "contract": ContractFacts,
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    choices: tuple[tuple[str, str], ...] = ()


def _enum_choices(enum: type[Enum], labels: dict[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, (labels or {}).get(m.value, m.value)) for m in enum)


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("doc_type", "Type de document", "choice", _enum_choices(DocType, DOC_TYPE_LABELS)),
        FieldSpec("issue_date", "Date d'émission", "date"),
        FieldSpec("period_start", "Début de la période", "date"),
        FieldSpec("period_end", "Fin de la période", "date"),
        FieldSpec("oqtf.decision_date", "OQTF : date de la décision", "date"),
        FieldSpec("oqtf.notification_date", "OQTF : date de notification", "date"),
        FieldSpec("return_ban.duration_months", "Interdiction de retour : durée (mois)", "int"),
        FieldSpec("language.kind", "Langue : type d'attestation", "choice", _enum_choices(LanguageKind)),
        FieldSpec("language.level", "Langue : niveau", "choice", tuple((v, v) for v in get_args(CefrLevel))),
        FieldSpec("contract.signed", "Contrat : signé", "choice", (("true", "Oui"), ("false", "Non"))),
    )
}


class UnknownField(ValueError):
    pass


def _split(field: str) -> tuple[str | None, str]:
    if field not in FIELDS:
        raise UnknownField(field)
    group, _, name = field.rpartition(".")
    return group or None, name


def get_fact(doc: DocumentRecord, field: str) -> Extracted[Any] | None:
    group, name = _split(field)
    holder = getattr(doc, group) if group else doc
    return getattr(holder, name) if holder is not None else None


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
    model = _GROUPS[group] if group else DocumentRecord
    return TypeAdapter(model.model_fields[name].annotation)


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
