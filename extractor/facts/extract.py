"""The facts stage: a document's words (DocumentText) in, its typed, dated facts (DocumentRecord) out."""

from extractor.facts.beyond_fields import unheld_warnings
from extractor.facts.calibration import calibrate_record
from extractor.facts.classify import TypeGuess, classify
from extractor.facts.decisions import ban_facts, oqtf_facts
from extractor.facts.folding import fold
from extractor.facts.identity import identity_issue_date
from extractor.facts.language import language_facts
from extractor.facts.mentions import DocumentIndex, evidence
from extractor.facts.nationality import nationality_warnings
from extractor.facts.periods import LANGUAGE_TYPES, issue_date, period
from extractor.facts.signature import PagePictures, contract_facts
from extractor.facts.simhash import fingerprint
from extractor.facts.two_d_doc import read_two_d_docs, signed_doc_type, with_two_d_docs
from extractor.facts.two_d_doc_verify import installed_trust
from models.document import DocType, DocumentRecord
from models.evidence import Extracted, Provenance
from models.text import DocumentText


def _type_evidence(guess: TypeGuess, index: DocumentIndex, forced: bool) -> Extracted[DocType]:
    if forced:
        return Extracted(
            value=guess.doc_type, confidence=1.0, reviewed=True,
            provenance=Provenance(page=guess.page, source="reviewer", method="given"),
        )
    for layout in index.layouts:
        position = fold(layout.text).replace("\n", " ").find(guess.evidence) if guess.evidence else -1
        if position >= 0:
            found = evidence(guess.doc_type, layout, position, position + len(guess.evidence), "keywords", 1.0)
            return found.model_copy(update={"confidence": guess.confidence})
    return Extracted(
        value=guess.doc_type, confidence=guess.confidence,
        provenance=Provenance(page=guess.page, source=index.source, method="keywords"),  # type: ignore[arg-type]
    )


def extract(
    document: DocumentText, pictures: PagePictures | None = None, doc_type: DocType | None = None
) -> DocumentRecord:
    """`doc_type` given by a person overrides the classifier, and the facts follow that type."""
    index = DocumentIndex.of(document)
    codes = read_two_d_docs(document, installed_trust())
    guess = TypeGuess(doc_type, 1.0, "", 1) if doc_type else classify(document)
    signed = None if doc_type else signed_doc_type(codes, guess.doc_type)
    kind = signed.value if signed else guess.doc_type  # the facts sought are the signed type's
    facts: dict = {"doc_type": _type_evidence(guess, index, forced=doc_type is not None)}
    facts["issue_date"] = identity_issue_date(index, kind, issue_date(index, kind))
    covered = period(index, kind)
    if covered:
        facts["period_start"], facts["period_end"] = covered
    if kind == DocType.oqtf_decision:
        facts["oqtf"] = oqtf_facts(index)
    if kind in (DocType.oqtf_decision, DocType.return_ban):
        facts["return_ban"] = ban_facts(index)
    if kind in LANGUAGE_TYPES:
        facts["language"] = language_facts(index, kind)
    if kind == DocType.republican_contract:
        facts["contract"] = contract_facts(index, pictures)
    numbers = [p.number for p in document.pages] or [1]
    record = DocumentRecord(
        file=document.file,
        pages=(min(numbers), max(numbers)),
        sha256=document.sha256,
        reading=document.reading,
        warnings=document.warnings + nationality_warnings(index) + unheld_warnings(index, kind),
        fingerprint=fingerprint(document),
        **facts,
    )
    return with_two_d_docs(calibrate_record(record), document, codes)
