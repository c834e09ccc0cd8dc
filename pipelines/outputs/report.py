"""Reports for people: one printable French HTML page per dossier, and the batch summary.

Pages are self-contained (inline CSS and SVG, page crops as data URIs) so a report can be
mailed or archived alone. Every document-derived string goes through Jinja2 autoescaping.
"""

import base64
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, get_args

from PIL import Image

from criteria.facts import add_months, counted, proof_stretches, uncovered_gaps
from criteria.oqtf import windows as oqtf_windows
from criteria.parameters import ParameterError, Parameters, load_parameters
from models.document import DocType, DocumentRecord
from models.dossier import CriterionId, Dossier
from models.evidence import Extracted
from models.fields import record_facts
from models.vocabulary import (
    CRITERION_LABELS,
    DOC_TYPE_LABELS,
    FIELD_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    TWO_D_DOC_STATUS_LABELS,
    TWO_D_DOC_VERIFIED_PROOFS,
    fr_date,
)
from pipelines.templating import html_templates

PAGE_DPI = 100
POINTS_PER_INCH = 72
CROP_MARGIN_PX = 8

UNIT_LABELS = {"year": "ans", "month": "mois", "day": "jours", "count": "pièce(s)", "flag": ""}
DATE_SOURCE_NOTES = {
    "meta": "",
    "cli": "date indiquée lors du traitement",
    "today": "date de la demande inconnue : la date du jour du traitement a été utilisée ; "
    "toutes les durées sont à recalculer avec la vraie date de dépôt",
}
# Keys the criteria put in their details, in the agent's words; unknown keys show as they are.
DETAIL_LABELS = {
    "start": "début de la présence continue",
    "duration": "durée",
    "duration_months": "durée (mois)",
    "proofs_per_year": "pièces par année",
    "semesters_without_proof": "semestres sans pièce",
    "over_commission_threshold": "au-delà du seuil de la commission du titre de séjour (L.435-1 al. 2)",
    "thin_years": "années avec peu de pièces",
    "administration_proofs_per_year": "pièces d'une administration (« preuves certaines ») par année",
    "ban_extensions": "prolongations de l'interdiction (L.612-11)",
    "state": "devenir de l'OQTF",
    "excluded_periods": "périodes exclues (L.435-4 al. 2)",
    "gaps": "interruptions",
    "best_level": "meilleur niveau",
    "proofs": "pièces",
    "history": "OQTF du dossier",
    "reference_oqtf": "OQTF de référence",
    "window_start": "début de la période",
    "window_end": "fin de la période (circulaire)",
    "enforcement_end": "fin de l'exécution d'office (L.731-1)",
    "new_elements": "éléments nouveaux",
    "decision_date": "décision",
    "notification_date": "notification",
    "ban_months": "interdiction de retour (mois)",
    "routes": "voies",
    "to_consult": "à consulter",
    "latest_proof": "pièce la plus récente",
    "not_detectable": "voies non détectables dans les pièces",
    "article": "article",
    "payslip_months": "mois de salaire",
    "required_months": "mois requis",
    "lookback_months": "sur les derniers (mois)",
    "residence_start": "début de la résidence continue",
    "open": "voie ouverte",
    "file": "pièce",
    "kind": "nature",
    "level": "niveau",
    "valid_until": "valable jusqu'au",
    "date": "date",
    "from": "du",
    "to": "au",
}
# One colour per document type, so the timeline's marks read as a legend.
TYPE_COLOURS = {
    "payslip": "#1f77b4", "tax_notice": "#8c564b", "utility_bill": "#ff7f0e", "rent_receipt": "#2ca02c",
    "medical": "#d62728", "ame_attestation": "#9467bd", "bank_statement": "#17becf",
    "school_certificate": "#bcbd22", "transport_pass": "#e377c2", "domiciliation": "#7f7f7f",
    "oqtf_decision": "#000000", "language_certificate": "#393b79", "french_diploma": "#637939",
    "employment": "#843c39",
}

_ENV = html_templates(Path(__file__).with_name("templates"))


def _fr_value(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, DocType):
        return DOC_TYPE_LABELS.get(value.value, value.value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return fr_date(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return fr_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def _percent(confidence: float | None) -> str:
    return "" if confidence is None else f"{round(confidence * 100)} %"


_ENV.filters["fr"] = _fr_value
_ENV.filters["omit"] = lambda mapping, key: {k: v for k, v in mapping.items() if k != key}
_ENV.filters["pct"] = _percent
_ENV.globals.update(
    STATUS_LABELS=STATUS_LABELS, CRITERION_LABELS=CRITERION_LABELS, DOC_TYPE_LABELS=DOC_TYPE_LABELS,
    TYPE_COLOURS=TYPE_COLOURS, SOURCE_LABELS=SOURCE_LABELS, DETAIL_LABELS=DETAIL_LABELS,
    UNIT_LABELS=UNIT_LABELS, TWO_D_DOC_STATUS_LABELS=TWO_D_DOC_STATUS_LABELS,
    TWO_D_DOC_VERIFIED_PROOFS=TWO_D_DOC_VERIFIED_PROOFS,
)


def verified_presence_proofs(dossier: Dossier) -> list[DocumentRecord]:
    """Papers that prove presence and carry a 2D-DOC whose signature was checked, copies left out."""
    return [doc for doc in dossier.documents if not doc.duplicate_of
            and any(e.code.status == "valid" and e.code.proves_presence for e in doc.two_d_docs)]


@dataclass(frozen=True)
class FactRow:
    field: str
    label: str
    value: str
    confidence: float
    page: int
    source: str
    text: str
    crop: str | None
    read_on: str | None
    """The other copy of the paper this reading came from, when not this file."""
    alternatives: tuple[str, ...]


class _Pages:
    """Page images of one dossier, opened once each; crops are JPEG data URIs."""

    def __init__(self, pages_dir: Path | None) -> None:
        self.pages_dir = pages_dir
        self.images: dict[Path, Image.Image | None] = {}

    def crop(self, sha256: str, page: int, bbox: tuple[float, float, float, float] | None) -> str | None:
        if self.pages_dir is None or bbox is None:
            return None
        path = self.pages_dir / f"{sha256[:16]}-p{page}.jpg"
        if path not in self.images:
            # Kept grey as written (most pages are): a colour copy of the whole page cost more than its crops.
            self.images[path] = Image.open(path) if path.is_file() else None
        image = self.images[path]
        if image is None:
            return None
        scale = PAGE_DPI / POINTS_PER_INCH
        box = (
            max(0, int(bbox[0] * scale) - CROP_MARGIN_PX), max(0, int(bbox[1] * scale) - CROP_MARGIN_PX),
            min(image.width, int(bbox[2] * scale) + CROP_MARGIN_PX),
            min(image.height, int(bbox[3] * scale) + CROP_MARGIN_PX),
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            return None
        buffer = io.BytesIO()
        piece = image.crop(box)
        (piece if piece.mode in ("L", "RGB") else piece.convert("RGB")).save(buffer, format="JPEG", quality=80)
        return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _source(doc: DocumentRecord) -> str:
    """The input file a document was read from: a pile's part FILE#pA-B comes from FILE."""
    return doc.file.rsplit("#p", 1)[0] if "#p" in doc.file else doc.file


def _read_on(doc: DocumentRecord, name: str, fact: Extracted[Any], copies: list[DocumentRecord]) -> DocumentRecord:
    """The record a kept fact was read on: the other scan whose reading it took, or the kept file itself."""
    return next((c for c in copies if c.sha256 != doc.sha256 and record_facts(c).get(name) == fact), doc)


def _alternatives(doc: DocumentRecord, name: str) -> tuple[str, ...]:
    return tuple(
        f"{_fr_value(a.value)} ({_percent(a.confidence)}, {a.file}, page {a.provenance.page})"
        for a in doc.alternatives if a.field == name
    )


def _documents(dossier: Dossier, pages: _Pages) -> list[dict[str, Any]]:
    per_file = Counter(_source(doc) for doc in dossier.documents)
    anchors = {doc.file: f"doc-{index}" for index, doc in enumerate(dossier.documents)}
    rows = []
    for doc in dossier.documents:
        copies = [d for d in dossier.documents if d.duplicate_of == doc.file]
        facts = []
        for name, fact in record_facts(doc).items():
            read_on = _read_on(doc, name, fact, copies)
            facts.append(FactRow(
                field=name, label=FIELD_LABELS.get(name, name), value=_fr_value(fact.value),
                confidence=fact.confidence, page=fact.provenance.page,
                source=SOURCE_LABELS.get(fact.provenance.source, fact.provenance.source),
                text=fact.provenance.text,
                crop=pages.crop(read_on.sha256, fact.provenance.page, fact.provenance.bbox),
                read_on=read_on.file if read_on is not doc else None,
                alternatives=_alternatives(doc, name),
            ))
        kind = doc.doc_type.value.value if doc.doc_type else None
        source = _source(doc)
        pile = per_file[source] if source != doc.file else 0  # documents cut from the same scanned pile
        rows.append({
            "anchor": anchors[doc.file], "doc": doc, "kind": kind, "facts": facts, "source": source, "pile": pile,
            "original": anchors.get(doc.duplicate_of or ""),
        })
    return rows


def _evidence_links(dossier: Dossier) -> dict[str, str]:
    """Evidence reference (FILE#field) → anchor of the fact in the documents section."""
    links = {}
    for index, doc in enumerate(dossier.documents):
        for name in record_facts(doc):
            links[f"{doc.file}#{name}"] = f"doc-{index}-{name}"
            links[f"{doc.file}#{name.split('.')[0]}"] = f"doc-{index}-{name}"
    return links


# --- the timeline picture -------------------------------------------------------------------

SVG_WIDTH = 1100
SVG_LEFT = 210
SVG_RIGHT = 20
LANE_HEIGHT = 20
AXIS_HEIGHT = 34


def _oqtf_windows(dossier: Dossier, params: Parameters) -> list[dict[str, date]]:
    """Each OQTF's window, as the oqtf criterion computes it; none where its parameters are not in force."""
    try:
        found, _ = oqtf_windows(dossier, params)
    except ParameterError:
        return []
    return [{"start": w.start, "end": w.end} for w in found]


def _presence_start(dossier: Dossier) -> date | None:
    """Start of continuous presence as the presence criterion found it, when it did."""
    for result in dossier.assessment.criteria if dossier.assessment else ():
        if result.id == "presence_duration" and result.details.get("start"):
            return date.fromisoformat(result.details["start"])
    return None


def _in_force(params: Parameters, name: str, at: date) -> int | None:
    """A parameter's value at `at`, or None where none is in force (the picture then omits it)."""
    try:
        return params.value(name, at)
    except ParameterError:
        return None


def _timeline(dossier: Dossier) -> dict[str, Any] | None:
    at = dossier.application_date
    params = load_parameters()
    stretches = proof_stretches(counted(dossier), until=at)
    windows = _oqtf_windows(dossier, params)
    min_years = _in_force(params, "presence.min_years", at)
    max_gap = _in_force(params, "presence.max_gap_months", at)
    seven = add_months(at, -12 * min_years) if min_years else None
    chain_start = _presence_start(dossier)
    starts = [s.start for s in stretches] + [w["start"] for w in windows] + ([seven] if seven else [])
    if not starts:
        return None
    first_year = min(starts).year
    last_year = max([at.year] + [w["end"].year for w in windows]) + 1
    origin, finish = date(first_year, 1, 1), date(last_year, 1, 1)
    span = (finish - origin).days
    plot = SVG_WIDTH - SVG_LEFT - SVG_RIGHT

    def x(day: date) -> float:
        return round(SVG_LEFT + plot * (day - origin).days / span, 1)

    lanes = sorted({s.doc.doc_type.value.value for s in stretches}, key=list(TYPE_COLOURS).index)
    height = AXIS_HEIGHT + LANE_HEIGHT * max(len(lanes), 1) + 10
    marks = [
        {
            "x": x(s.start), "width": max(x(s.end) - x(s.start), 3.0),
            "y": AXIS_HEIGHT + LANE_HEIGHT * lanes.index(s.doc.doc_type.value.value) + 4,
            "colour": TYPE_COLOURS.get(s.doc.doc_type.value.value, "#444"),
            "title": f"{DOC_TYPE_LABELS[s.doc.doc_type.value.value]} : {fr_date(s.start)}"
            + (f" – {fr_date(s.end)}" if s.end != s.start else "") + f" ({s.doc.file})",
        }
        for s in stretches
    ]
    gaps = uncovered_gaps(stretches, at, max_gap) if max_gap else []
    return {
        "width": SVG_WIDTH, "height": height, "left": SVG_LEFT, "right": SVG_WIDTH - SVG_RIGHT,
        "axis": AXIS_HEIGHT, "lane_height": LANE_HEIGHT,
        "years": [
            {"x": x(date(y, 1, 1)), "label": y, "mid": x(date(y, 7, 1))} for y in range(first_year, last_year)
        ],
        "end_x": x(finish),
        "lanes": [
            {"y": AXIS_HEIGHT + LANE_HEIGHT * i, "label": DOC_TYPE_LABELS[kind], "colour": TYPE_COLOURS[kind]}
            for i, kind in enumerate(lanes)
        ],
        "marks": marks,
        "gaps": [{"x": x(a), "width": x(b) - x(a), "title": f"Aucune preuve du {fr_date(a)} au {fr_date(b)}"}
                 for a, b in gaps],
        "max_gap": max_gap,
        "windows": [{"x": x(w["start"]), "width": max(x(w["end"]) - x(w["start"]), 2.0),
                     "title": f"Période de référence OQTF : {fr_date(w['start'])} – {fr_date(w['end'])}"}
                    for w in windows],
        "application_x": x(at),
        "seven_x": x(seven) if seven else None,
        "min_years": min_years,
        "chain_x": x(chain_start) if chain_start else None,
    }


# --- public functions -----------------------------------------------------------------------


def parameters_note(at: date, params: Parameters) -> str:
    """At which date the legal values are taken, and why: said in the report, above the criteria."""
    circular = params.parameters["presence.min_years"].values[-1].since
    contract = params.parameters["contract.required"].values[-1].since
    note = (
        f"Valeurs des paramètres prises à la date de la demande ({fr_date(at)}) : les durées se mesurent au dépôt, "
        "et chaque paramètre indique sa date d'entrée en vigueur et son texte. La légalité d'une décision "
        "s'apprécie à la date où elle est prise : si un texte change entre le dépôt et l'examen, celui en vigueur "
        f"à l'examen s'applique, sauf disposition transitoire (le contrat d'engagement n'est exigé que des "
        f"demandes déposées depuis le {fr_date(contract)})."
    )
    if at < circular:
        note += (
            f" Demande déposée avant la circulaire du {fr_date(circular)} : d'application immédiate, elle oriente "
            "l'examen des demandes en cours ; les valeurs affichées sont celles de la date de dépôt (pratique "
            "retenue, à reconsidérer à l'examen)."
        )
    return note


def render_report(dossier: Dossier, pages_dir: Path | None) -> str:
    """The dossier for a person: criteria, timeline picture, documents with their facts and crops."""
    template = _ENV.get_template("report.html")
    return template.render(
        parameters_note=parameters_note(dossier.application_date, load_parameters()),
        dossier=dossier,
        criteria=dossier.assessment.criteria if dossier.assessment else (),
        date_note=DATE_SOURCE_NOTES[dossier.application_date_source],
        timeline=_timeline(dossier),
        documents=_documents(dossier, _Pages(pages_dir)),
        links=_evidence_links(dossier),
        verified_proofs=verified_presence_proofs(dossier),
        today=date.today(),
    )


def _by_id(dossier: Dossier) -> dict[str, Any]:
    return {c.id: c for c in (dossier.assessment.criteria if dossier.assessment else ())}


def render_summary(dossiers: list[Dossier]) -> str:
    """The batch at a glance: one row per dossier, each criterion's status, a link to its report."""
    template = _ENV.get_template("summary.html")
    rows = [{"dossier": d, "results": _by_id(d)} for d in sorted(dossiers, key=lambda d: d.dossier_id)]
    return template.render(rows=rows, criterion_ids=get_args(CriterionId), today=date.today())


def summary_rows(dossiers: list[Dossier]) -> list[dict[str, str]]:
    """Rows of summary.csv: dossier_id, application_date (ISO), then status and confidence per criterion."""
    rows = []
    for dossier in sorted(dossiers, key=lambda d: d.dossier_id):
        results = _by_id(dossier)
        row = {"dossier_id": dossier.dossier_id, "application_date": dossier.application_date.isoformat()}
        for criterion in get_args(CriterionId):
            result = results.get(criterion)
            row[f"{criterion}_status"] = result.status if result else ""
            row[f"{criterion}_confidence"] = f"{result.confidence:.2f}" if result else ""
        rows.append(row)
    return rows
