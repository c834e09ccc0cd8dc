"""Builders shared by the review tests: dossiers from the models, page JPEGs, accounts, logins.

No tests here; the other test_review_* modules import it (tests/ is on sys.path, as for
dossier_factory).
"""

import hashlib
import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image, ImageDraw

from models.document import ContractFacts, DocType, DocumentRecord, LanguageFacts, LanguageKind
from models.dossier import Dossier
from models.evidence import Extracted, Provenance
from review import accounts
from review.app import create_app

PASSWORD = "un mot de passe solide"
PAGE_PT = (595.0, 842.0)  # A4 in points; images are written at 100 dpi like the pipeline's


def fact(value, confidence=0.9, page=1, bbox=(72.0, 100.0, 250.0, 116.0), text="", source="ocr") -> Extracted:
    return Extracted(
        value=value,
        confidence=confidence,
        provenance=Provenance(page=page, bbox=bbox, text=text or str(value), source=source),
    )


def tcf(issue: str, confidence: float = 0.6, text: str = "Délivré le") -> DocumentRecord:
    """A TCF attestation on one page; `issue` read with `confidence`."""
    file = "tcf.pdf"
    return DocumentRecord(
        file=file,
        pages=(1, 1),
        sha256=hashlib.sha256(file.encode()).hexdigest(),
        reading="ocr",
        doc_type=fact(DocType.language_certificate, 0.97, bbox=(72.0, 60.0, 300.0, 80.0), text="ATTESTATION TCF"),
        issue_date=fact(date.fromisoformat(issue), confidence, text=f"{text} {issue}"),
        language=LanguageFacts(
            kind=fact(LanguageKind.TCF, 0.95, bbox=(72.0, 130.0, 150.0, 146.0)),
            level=fact("B1", 0.93, bbox=(72.0, 160.0, 120.0, 176.0)),
        ),
    )


def contract(confidence: float = 0.95) -> DocumentRecord:
    file = "pile.pdf#p2-3"
    return DocumentRecord(
        file=file,
        pages=(2, 3),
        sha256=hashlib.sha256(b"pile.pdf").hexdigest(),
        reading="text_layer",
        doc_type=fact(DocType.republican_contract, 0.99, page=2, source="text_layer"),
        issue_date=fact(date(2025, 5, 20), confidence, page=2, source="text_layer"),
        contract=ContractFacts(signed=fact(True, confidence, page=3, bbox=(300.0, 700.0, 500.0, 760.0))),
    )


def make_dossier(
    dossier_id: str = "R0001", tcf_issue: str = "2022-01-10", tcf_confidence: float = 0.6, tcf_text: str = "Délivré le"
) -> Dossier:
    return Dossier(
        dossier_id=dossier_id,
        application_date=date(2025, 6, 2),
        documents=(tcf(tcf_issue, tcf_confidence, tcf_text), contract()),
    )


def write_out(out: Path, *dossiers: Dossier) -> Path:
    """Writes OUT/<id>/dossier.json and a JPEG of every page, as `aes process` lays them out."""
    for dossier in dossiers:
        folder = out / dossier.dossier_id
        (folder / "pages").mkdir(parents=True, exist_ok=True)
        (folder / "dossier.json").write_text(dossier.to_json(), encoding="utf-8")
        size = (round(PAGE_PT[0] * 100 / 72), round(PAGE_PT[1] * 100 / 72))
        for doc in dossier.documents:
            for page in range(doc.pages[0], doc.pages[1] + 1):
                image = Image.new("L", size, 255)
                ImageDraw.Draw(image).text((100, 140), f"{doc.file} p{page}", fill=0)
                image.save(folder / "pages" / f"{doc.sha256[:16]}-p{page}.jpg", quality=60)
    return out


def setup(tmp_path: Path, *dossiers: Dossier) -> tuple[Path, Path]:
    """OUT with the dossiers (one sample dossier by default) and a store path with user alice."""
    out = write_out(tmp_path / "out", *(dossiers or (make_dossier(),)))
    db_path = out / "review.db"
    accounts.add_user(db_path, "alice", PASSWORD)
    return out, db_path


def csrf_of(html: str) -> str:
    match = re.search(r'<meta name="csrf_token" content="([^"]+)"', html)
    assert match, "the page carries no csrf_token meta"
    return match.group(1)


def logged_in(db_path: Path, out: Path, user: str = "alice", password: str = PASSWORD) -> tuple[TestClient, str]:
    """A client of a fresh app with an open session, and the session's CSRF token."""
    client = TestClient(create_app(db_path, out))
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    response = client.post("/login", data={"name": user, "password": password, "csrf_token": token})
    assert response.status_code == 200, response.text  # followed the redirect to the queue
    return client, csrf_of(response.text)
