"""Real 2D-DOC contents from public test files of French projects, drawn as DataMatrix symbols on a scanned
page and read back through the reading and facts stages (#20).

The image files that carry them (DossierFacile's `2ddoc.pdf`, a real avis d'impôt) are binary and could
not be fetched through the project's search tools; their decoded contents are published in the tests
of MTES-MCT/dossierfacile-backend (UtilityTest.java: an avis d'impôt signed by the DGFiP's authority FR04,
certificate FPE3; TwoDDocReaderTest.java: the ANTS specimen justificatif de domicile of « NATACHA SPECIMEN »).
The DGFiP's certificate FPE3 is shipped: the published notice, whose holder was renamed « DOE JOHN », no
longer matches its signature and is found altered. The specimen is signed by ANTS's test authority FR00,
which aes does not trust: valid only where a test trusts it (tests/two_d_doc_ants_test/), unknown elsewhere.
"""

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from extractor.facts.extract import extract
from extractor.facts.two_d_doc_verify import TRUST_VARIABLE
from extractor.reading.read import ReadOptions, read_document
from fixtures.two_d_doc import data_matrix

pytestmark = pytest.mark.slow  # Tesseract reads each page
GS, US = "\x1d", "\x1f"
REAL_TAX_NOTICE = (
    "DC04FR04FPE3FFFF202A0401FR431,5" + GS + "444237A1861133245202146DOE JOHN" + GS + "4A310420224712670275544994142000"
    + GS + US + "C27GM6DXHV2PWAIZ5Q25SBOC64EH6O3IQWWYADIV3YH7ZKJ3JHACHP5EZLBZ6GP6SDE6ZYKCZHKYRRFAJ5NSV5YKO5MVGPTQDEPSZ3Y"
)
SPECIMEN_ADDRESS_PROOF = (
    "DC02FR000001125E125B0126FR247500010MME/SPECIMEN/NATACHA" + GS + "22145 AVENUE DES SPECIMENS" + GS + US
    + "54LDD5F7JD4JEFPR6WZYVZVB2JZXPZB73SP7WUTN5N44P3GESXW75JZUZD5FM3G4URAJ6IKDSSUB66Y3OWQIEH22G46QOAGWH7YHJWQ"
)


def _scan(tmp_path: Path, content: str, words: str) -> Path:
    """A 150-dpi grey scan of a notice: a few lines of print and the code, slightly blurred and noisy."""
    page = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(words.split("\n")):
        draw.text((90, 120 + 40 * i), line, fill=20, font_size=26)
    modules = data_matrix(content.encode("latin-1"))
    symbol = Image.fromarray(np.where(modules, 25, 250).astype(np.uint8))
    page.paste(symbol.resize((modules.shape[1] * 3, modules.shape[0] * 3), Image.Resampling.NEAREST), (950, 1450))
    noisy = np.array(page.filter(ImageFilter.GaussianBlur(0.6)), dtype=np.int16)
    noisy += np.random.default_rng(20).normal(0, 6, noisy.shape).astype(np.int16)
    path = tmp_path / "avis.png"
    Image.fromarray(noisy.clip(0, 255).astype(np.uint8)).save(path, dpi=(150, 150))
    return path


def test_a_real_tax_notice_code_is_read_from_a_scan_and_its_fields_shown(tmp_path: Path) -> None:
    path = _scan(tmp_path, REAL_TAX_NOTICE, "DIRECTION GENERALE DES FINANCES PUBLIQUES\nAVIS D'IMPOT 2022\n"
                                            "IMPOT SUR LES REVENUS de l'annee 2021\nDOE JOHN")
    record = extract(read_document(path, path.name, ReadOptions()))
    [found] = record.two_d_docs
    code = found.code
    assert code.header is not None and (code.header.authority, code.header.certificate) == ("FR04", "FPE3")
    assert code.header.doc_type == "04" and code.header.issue_date is None
    assert code.header.signature_date == date(2022, 7, 18)
    assert code.kind == "Avis d'impôt sur les revenus"
    assert {f.id: f.value for f in code.fields} == {
        "43": "1,5", "44": "4237A18611332", "45": "2021", "46": "DOE JOHN", "4A": "31042022",
        "47": "1267027554499", "41": "42000"}
    assert code.status == "invalid"  # the real DGFiP certificate, and a name changed after signing
    assert all(fact.provenance.source != "2d-doc" for fact in (record.issue_date, record.period_start) if fact)


def test_the_specimen_address_proof_version_02_is_verified_only_where_its_test_authority_is_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _scan(tmp_path, SPECIMEN_ADDRESS_PROOF, "Justificatif de domicile\nMME NATACHA SPECIMEN\n145 AVENUE DES SPECIMENS")
    page = read_document(path, path.name, ReadOptions())
    [found] = extract(page).two_d_docs
    assert found.code.header is not None and found.code.header.version == 2
    assert found.code.header.issue_date == date(2012, 11, 15)
    assert {f.id: f.value for f in found.code.fields}["24"] == "75000"
    assert found.code.status == "unknown_certificate"
    monkeypatch.setenv(TRUST_VARIABLE, str(Path(__file__).with_name("two_d_doc_ants_test")))
    [found] = extract(page).two_d_docs
    assert found.code.status == "valid"
