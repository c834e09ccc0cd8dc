"""The registry of a document's facts: each fact field once, with its group, its kind, its French
label and how to read and set it on a record.

Every list of facts is derived from FACT_FIELDS: the review app's form, the dossier stage's merge of
copies, the scorer's fields, the calibration of confidences and the tests. A new fact is one line here
(and its model field in models/document.py).
"""

from dataclasses import dataclass
from typing import Any, Literal

from models.base import AesModel
from models.document import ContractFacts, DocumentRecord, LanguageFacts, OqtfFacts, ReturnBanFacts
from models.evidence import Extracted
from models.vocabulary import FIELD_LABELS

Kind = Literal["date", "int", "choice"]

GROUPS: dict[str, type[AesModel]] = {
    "oqtf": OqtfFacts, "return_ban": ReturnBanFacts, "language": LanguageFacts, "contract": ContractFacts,
}
"""The record's groups of facts, each a model of its own (`record.oqtf.decision_date`)."""


@dataclass(frozen=True)
class FactField:
    name: str
    """Dotted, as in the truth format and evidence refs: issue_date, oqtf.decision_date."""
    kind: Kind
    scored_as: str = ""
    """The scorer's and calibration's field; period_start and period_end are both `period`."""

    @property
    def group(self) -> str | None:
        return self.name.rpartition(".")[0] or None

    @property
    def leaf(self) -> str:
        return self.name.rpartition(".")[2]

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.name]

    @property
    def scored(self) -> str:
        return self.scored_as or self.name

    @property
    def model(self) -> type[AesModel]:
        """The model that holds the field: the record, or its group's model."""
        return GROUPS[self.group] if self.group else DocumentRecord

    def get(self, holder: Any) -> Any:
        """The field's value on a record (an Extracted) or a labelled document; None when absent."""
        part = getattr(holder, self.group) if self.group else holder
        return getattr(part, self.leaf) if part is not None else None

    def set(self, record: DocumentRecord, fact: Extracted | None) -> DocumentRecord:
        """A copy of the record with the field set (its group made when the record had none)."""
        if not self.group:
            return record.model_copy(update={self.leaf: fact})
        part = getattr(record, self.group) or GROUPS[self.group]()
        return record.model_copy(update={self.group: part.model_copy(update={self.leaf: fact})})


FACT_FIELDS: tuple[FactField, ...] = (
    FactField("doc_type", "choice"),
    FactField("issue_date", "date"),
    FactField("period_start", "date", scored_as="period"),
    FactField("period_end", "date", scored_as="period"),
    FactField("oqtf.decision_date", "date"),
    FactField("oqtf.notification_date", "date"),
    FactField("return_ban.duration_months", "int"),
    FactField("language.kind", "choice"),
    FactField("language.level", "choice"),
    FactField("contract.signed", "choice"),
)
FIELDS_BY_NAME: dict[str, FactField] = {f.name: f for f in FACT_FIELDS}
TOP_LEVEL: tuple[str, ...] = tuple(f.name for f in FACT_FIELDS if f.group is None)
DATE_FIELDS: tuple[str, ...] = tuple(f.name for f in FACT_FIELDS if f.kind == "date")
SCORED_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(f.scored for f in FACT_FIELDS))
"""The scorer's fields, in order: period is one field, right only when both ends are."""


def record_facts(record: DocumentRecord) -> dict[str, Extracted]:
    """The facts a record states, by dotted name as in evidence refs (issue_date, oqtf.decision_date)."""
    return {f.name: fact for f in FACT_FIELDS if (fact := f.get(record)) is not None}


def set_fact(record: DocumentRecord, name: str, fact: Extracted | None) -> DocumentRecord:
    return FIELDS_BY_NAME[name].set(record, fact)
