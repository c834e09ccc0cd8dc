"""The dossier stage: duplicates count once, nationality regimes reach the agent, the date source is said."""

from datetime import date

from dossier_factory import fact

from extractor.nationality import regime_warnings
from models.document import DocType, DocumentRecord
from pipelines.dossier import build_dossier


def _record(name: str, sha: str, issued: date | None, confidence: float = 0.9, warnings=()) -> DocumentRecord:
    return DocumentRecord(
        file=name, pages=(1, 1), sha256=sha, reading="ocr",
        doc_type=fact(DocType.payslip, confidence), issue_date=fact(issued, confidence) if issued else None,
        warnings=tuple(warnings),
    )


def test_the_same_file_twice_stays_listed_and_is_named_as_a_copy() -> None:
    built = build_dossier("A", [_record("a.pdf", "s1", date(2021, 3, 31)), _record("copie/a.pdf", "s1", date(2021, 3, 31))],
                          date(2025, 6, 2), "meta", [])
    assert [d.file for d in built.documents] == ["a.pdf", "copie/a.pdf"]
    assert [w for w in built.warnings if "copie" in w] == ["copie/a.pdf est une copie identique de a.pdf : une seule pièce"]


def test_a_separate_ban_of_the_same_day_is_not_taken_for_a_copy() -> None:
    decision = _record("arrete.pdf", "s1", date(2025, 3, 31))
    ban = _record("irtf.pdf", "s2", date(2025, 3, 31))
    built = build_dossier("A", [decision, ban], date(2025, 6, 2), "meta", [])
    assert len(built.documents) == 2 and not any("copie" in w for w in built.warnings)


def test_a_nationality_regime_becomes_a_dossier_warning_once() -> None:
    warning = next(w for w in regime_warnings() if w.startswith("Ressortissant algérien"))
    records = [_record("id.pdf", "s1", date(2020, 1, 1), warnings=[warning]),
               _record("oqtf.pdf", "s2", date(2021, 1, 1), warnings=[warning])]
    built = build_dossier("A", records, date(2025, 6, 2), "meta", [])
    assert built.warnings.count(warning) == 1


def test_todays_date_is_said_when_no_application_date_is_known() -> None:
    built = build_dossier("A", [], date(2025, 6, 2), "today", [])
    assert any("date du jour" in w for w in built.warnings)
