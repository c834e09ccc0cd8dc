"""The pure parts of the review: a change to a dossier, its replay, the queue key, the label."""

from datetime import date

import pytest
from test_review_support import make_dossier

from models.document import OqtfFacts
from models.dossier import Assessment, CriterionResult
from review.corrections import Change, ChangeError, Edit, apply_change, confirm_document, parse_bbox, replay
from review.export import NotLabellable, to_truth, unreviewed
from review.fields import get_fact, with_fact
from review.queue import order, queue_entry


def test_a_correction_keeps_where_the_value_was_read_and_marks_it_reviewed():
    changed, edit = apply_change(make_dossier(), Change("tcf.pdf", "issue_date", "2024-09-16", "relu"))
    fact = changed.documents[0].issue_date
    assert fact.value == date(2024, 9, 16) and fact.reviewed and fact.confidence == 1.0
    assert (fact.provenance.source, fact.provenance.page, fact.provenance.bbox) == ("reviewer", 1, (72.0, 100.0, 250.0, 116.0))
    assert (edit.action, edit.old.value, edit.new.value) == ("correct", date(2022, 1, 10), date(2024, 9, 16))


def test_the_same_value_confirms_and_needs_no_reason():
    changed, edit = apply_change(make_dossier(), Change("tcf.pdf", "language.level", "B1"))
    level = changed.documents[0].language.level
    assert edit.action == "confirm" and level.reviewed and level.provenance.source == "ocr"


def test_reject_sets_null_and_add_takes_the_reviewers_box():
    rejected, edit = apply_change(make_dossier(), Change("pile.pdf#p2-3", "contract.signed", None, "pas signé"))
    assert edit.action == "reject" and rejected.documents[1].contract is None  # no empty group left
    added, edit = apply_change(rejected, Change("pile.pdf#p2-3", "contract.signed", "false", "vu", page=3, bbox=(10, 20, 30, 40)))
    signed = added.documents[1].contract.signed
    assert edit.action == "add" and signed.value is False and signed.provenance.bbox == (10, 20, 30, 40)
    assert signed.provenance.page == 3 and signed.provenance.text == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (Change("tcf.pdf", "issue_date", "16/09/2024", "r"), "date AAAA-MM-JJ"),
        (Change("tcf.pdf", "return_ban.duration_months", "deux ans", "r"), "nombre entier"),
        (Change("tcf.pdf", "language.level", "B3", "r"), "choisissez une valeur"),
        (Change("tcf.pdf", "issue_date", "2024-09-16", "  "), "raison"),
        (Change("tcf.pdf", "applicant_name", "x", "r"), "n'est pas modifiable"),
        (Change("autre.pdf", "issue_date", "2024-09-16", "r"), "n'existe pas"),
        (Change("tcf.pdf", "period_start", None, "r"), "déjà absente"),
        (Change("tcf.pdf", "issue_date", "2024-09-16", "r", page=2), "n'appartient pas"),
        (Change("tcf.pdf", "issue_date", "2024-09-16", "r", bbox=(50, 10, 40, 20)), "Zone invalide"),
    ],
)
def test_a_change_that_cannot_apply_says_why_in_french(change, message):
    with pytest.raises(ChangeError, match=message):
        apply_change(make_dossier(), change)


def test_a_box_typed_in_a_form_is_four_numbers():
    assert parse_bbox(" ") is None
    assert parse_bbox("72,160.5,120,176") == (72.0, 160.5, 120.0, 176.0)
    with pytest.raises(ChangeError):
        parse_bbox("72,160,120")


def test_confirming_a_document_touches_only_unreviewed_facts():
    dossier, _ = apply_change(make_dossier(), Change("tcf.pdf", "issue_date", "2024-09-16", "relu"))
    confirmed, edits = confirm_document(dossier, "tcf.pdf")
    assert [e.field for e in edits] == ["doc_type", "language.kind", "language.level"]
    assert unreviewed(confirmed) == ["pile.pdf#p2-3#doc_type", "pile.pdf#p2-3#issue_date", "pile.pdf#p2-3#contract.signed"]
    with pytest.raises(ChangeError, match="déjà relues"):
        confirm_document(confirmed, "tcf.pdf")


def test_replay_reapplies_edits_and_counts_those_whose_document_is_gone():
    corrected, edit = apply_change(make_dossier(), Change("tcf.pdf", "issue_date", "2024-09-16", "relu"))
    ghost = Edit("disparu.pdf", "issue_date", "reject", edit.new, None)
    replayed, skipped = replay(make_dossier(tcf_confidence=0.8), [edit, ghost])
    assert replayed.documents == corrected.documents and skipped == 1


def test_the_queue_key_ignores_reviewed_facts():
    dossier = make_dossier().model_copy(
        update={
            "assessment": Assessment(
                criteria=(
                    CriterionResult(
                        id="language",
                        status="to_check",
                        confidence=0.5,
                        summary="",
                        evidence=("tcf.pdf#issue_date", "tcf.pdf#language.level", "tcf.pdf#period"),
                    ),
                )
            )
        }
    )
    entry = queue_entry(dossier, 1)
    assert (entry.weakest_confidence, entry.weakest_ref, entry.open_criteria) == (0.6, "tcf.pdf#issue_date", 1)
    reviewed, _ = apply_change(dossier, Change("tcf.pdf", "issue_date", "2022-01-10"))
    assert queue_entry(reviewed, 2).weakest_ref == "tcf.pdf#language.level"
    assert order([queue_entry(reviewed, 2), entry])[0] is entry


def test_a_dossier_becomes_a_label_only_when_its_facts_make_one():
    truth = to_truth(make_dossier())
    assert truth.documents["pile.pdf#p2-3"].contract.signed is True
    assert truth.documents["tcf.pdf"].language.level == "B1"
    assert truth.documents["tcf.pdf"].period_start is None
    untyped = make_dossier()
    untyped = untyped.model_copy(update={"documents": (with_fact(untyped.documents[0], "doc_type", None),)})
    with pytest.raises(NotLabellable, match="tcf.pdf: doc_type"):
        to_truth(untyped)
    only_notified = make_dossier()
    doc = only_notified.documents[0].model_copy(
        update={"oqtf": OqtfFacts(notification_date=get_fact(only_notified.documents[0], "issue_date"))}
    )
    with pytest.raises(NotLabellable, match="oqtf.decision_date"):
        to_truth(only_notified.model_copy(update={"documents": (doc,)}))
