"""How well 2D-DOCs are read and checked on a labelled set whose documents say which carry one (issue #20).

- decoding rate: labelled 2D-DOCs whose document has a parsed code, per rendering (text layer; scans by
  degradation level);
- verification accuracy: of those decoded, the share whose status is the labelled one;
- altered documents flagged: changed after signing (in the print or in the barcode) and given a warning
  of difference or an invalid status; genuine ones flagged so are false alarms;
- codes of an unknown certificate called valid: must be none;
- codes seen but not decoded: reported unreadable, so that the desk rescans them; on a document labelled
  without a code, such a report is a false alarm.
"""

from collections.abc import Iterable

from pydantic import Field

from models.base import AesModel
from models.document import DocumentRecord
from models.dossier import Dossier
from models.truth import TruthDossier
from models.vocabulary import TWO_D_DOC_MISMATCH
from pipelines.evaluation.sets import Renderings


class DecodingRate(AesModel):
    labelled: int = 0
    decoded: int = 0
    rate: float | None = None


class TwoDDocScore(AesModel):
    labelled: int = Field(0, description="Documents labelled with a 2D-DOC.")
    decoding: dict[str, DecodingRate] = Field(description="text_layer, scan (all), scan (<level>).")
    verified_right: int = Field(0, description="Decoded codes whose status is the labelled one.")
    verification_accuracy: float | None = None
    altered: int = 0
    altered_flagged: int = 0
    genuine_flagged: int = Field(0, description="False alarms: a genuine paper with a difference or invalid status.")
    unknown_called_valid: int = Field(0, description="Codes of a signer not trusted here reported valid: must be 0.")
    undecoded_reported: int = Field(0, description="Labelled codes not decoded, reported unreadable instead.")
    unreadable_without_code: int = Field(0, description="Documents labelled without a code, reported with an unreadable one.")


def _rendering_keys(renderings: Renderings | None, dossier_id: str, key: str) -> list[str]:
    entry = (renderings or {}).get(dossier_id, {}).get(key.split("#", 1)[0]) or {}
    if entry.get("rendering") == "text_layer":
        return ["text_layer"]
    if entry.get("rendering") == "scan":
        return ["scan", f"scan ({entry.get('degradation', {}).get('level', '?')})"]
    return ["unknown"]


def _flagged(record: DocumentRecord) -> bool:
    return any(TWO_D_DOC_MISMATCH in w for w in record.warnings) or any(
        e.code.status == "invalid" for e in record.two_d_docs)


def two_d_doc_score(pairs: Iterable[tuple[TruthDossier, Dossier | None]], renderings: Renderings | None) -> TwoDDocScore:
    decoding: dict[str, DecodingRate] = {}
    labelled = verified = decoded_total = altered = altered_flagged = genuine_flagged = unknown_valid = 0
    undecoded_reported = unreadable_without_code = 0
    for truth, pred in pairs:
        records = {r.file: r for r in pred.documents} if pred is not None else {}
        for key, doc in truth.documents.items():
            reported_unreadable = key in records and any(e.code.status == "unreadable" for e in records[key].two_d_docs)
            if doc.two_d_doc is None:
                unreadable_without_code += reported_unreadable
                continue
            labelled += 1
            record = records.get(key)
            codes = [e.code for e in record.two_d_docs if e.code.header is not None] if record else []
            for name in _rendering_keys(renderings, truth.dossier_id, key):
                rate = decoding.setdefault(name, DecodingRate())
                decoding[name] = DecodingRate(labelled=rate.labelled + 1, decoded=rate.decoded + bool(codes))
            undecoded_reported += not codes and reported_unreadable
            if codes:
                decoded_total += 1
                verified += codes[0].status == doc.two_d_doc.status
                unknown_valid += doc.two_d_doc.status == "unknown_certificate" and codes[0].status == "valid"
            flagged = record is not None and _flagged(record)
            if doc.two_d_doc.altered:
                altered += 1
                altered_flagged += flagged
            else:
                genuine_flagged += flagged
    return TwoDDocScore(
        labelled=labelled,
        decoding={name: r.model_copy(update={"rate": r.decoded / r.labelled}) for name, r in sorted(decoding.items())},
        verified_right=verified, verification_accuracy=verified / decoded_total if decoded_total else None,
        altered=altered, altered_flagged=altered_flagged, genuine_flagged=genuine_flagged,
        unknown_called_valid=unknown_valid, undecoded_reported=undecoded_reported,
        unreadable_without_code=unreadable_without_code,
    )
