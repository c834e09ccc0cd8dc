"""One French vocabulary: every member of the app's enums has its label, said the same way in the
reports, the review app and the CLI."""

from typing import get_args

from models.document import DocType, DocumentRecord
from models.dossier import CriterionId, Status
from models.evidence import Source
from models.fields import FACT_FIELDS
from models.vocabulary import CRITERION_LABELS, DOC_TYPE_LABELS, FIELD_LABELS, SOURCE_LABELS, STATUS_LABELS, capitalised
from pipelines.outputs import report
from review import fields, render


def test_every_enum_member_has_its_label_and_no_label_is_left_over() -> None:
    assert set(DOC_TYPE_LABELS) == {t.value for t in DocType}
    assert set(CRITERION_LABELS) == set(get_args(CriterionId))
    assert set(STATUS_LABELS) == set(get_args(Status))
    assert set(FIELD_LABELS) == {f.name for f in FACT_FIELDS}
    readings = get_args(DocumentRecord.model_fields["reading"].annotation)
    assert set(SOURCE_LABELS) == set(get_args(Source)) | set(readings)


def test_reports_and_the_review_app_say_the_same_words() -> None:
    assert report.DOC_TYPE_LABELS is DOC_TYPE_LABELS and report.CRITERION_LABELS is CRITERION_LABELS
    assert render.CRITERION_LABELS is CRITERION_LABELS and capitalised(STATUS_LABELS) == render.STATUS_LABELS
    assert dict(fields.FIELDS["doc_type"].choices) == DOC_TYPE_LABELS
    assert {name: spec.label for name, spec in fields.FIELDS.items()} == FIELD_LABELS
