import base64
import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from dossier_factory import doc, dossier, fact, payslip
from PIL import Image

from models.document import DocumentRecord
from models.dossier import Assessment, CriterionResult, Dossier
from pipelines.dossier import build_dossier
from pipelines.outputs.report import render_report, render_summary, summary_rows

CRITERIA = (
    "republican_contract", "presence_duration", "language", "oqtf", "public_order", "polygamy",
    "common_law_route",
)


def _assessment(**statuses: str) -> Assessment:
    return Assessment(criteria=tuple(
        CriterionResult(
            id=cid, status=statuses.get(cid, "to_check"), confidence=0.87,
            summary=f"Résumé du critère {cid}.", legal_refs=("CESEDA L.435-1",),
            evidence=("bulletin_2019-03.pdf#period_start",),
            details={"start": "2017-02-14", "parameters": {"presence.min_years": {"value": 7}}},
        )
        for cid in CRITERIA
    ))


def _sample(source: str = "meta") -> Dossier:
    docs = [payslip("2017-02"), payslip("2019-03"), payslip("2019-04")]
    docs.append(doc("facture.pdf", "utility_bill", issue="2021-06-10", start="2021-05-01", end="2021-05-31"))
    docs.append(doc("arrete.pdf", "oqtf_decision", issue="2022-03-12", decision="2022-03-12",
                    notification="2022-03-15"))
    docs.append(doc("contrat.pdf", "republican_contract", issue="2025-05-20", signed=True))
    base = dossier("2025-06-02", *docs, source=source, dossier_id="A0007")
    return base.model_copy(update={"assessment": _assessment(
        republican_contract="favourable", presence_duration="unfavourable", language="uncertain",
        oqtf="to_check", common_law_route="not_applicable",
    )})


def test_report_shows_header_criteria_and_french_labels():
    html = render_report(_sample(), None)
    assert "Dossier A0007" in html
    assert "02/06/2025" in html
    for label in ("indice favorable", "indice défavorable", "incertain", "à vérifier", "sans objet"):
        assert f">{label}</span>" in html
    assert "87 %" in html
    assert "Résumé du critère oqtf." in html
    assert "CESEDA L.435-1" in html
    assert 'href="#doc-1-period_start"' in html  # evidence links to the fact it names
    assert "14/02/2017" in html  # ISO dates in details are shown JJ/MM/AAAA
    assert "La décision appartient au préfet" in html and "pas une décision" in html
    assert 'id="date-warning"' not in html


def test_report_warns_when_application_date_is_today():
    html = render_report(_sample(source="today"), None)
    assert 'id="date-warning"' in html
    assert "date du jour" in html


def test_timeline_marks_gaps_and_seven_year_line():
    html = render_report(_sample(), None)
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    # 3 payslips, the bill's period and the day it was issued, and the OQTF decision.
    assert svg.count('class="proof"') == 6
    # 2017-02 → 2019-03, 2019-04 → 2021-05 and 2022-03 → 2025-06: each over 12 months without proof.
    assert svg.count('class="gap"') == 3
    assert "Aucune preuve du 28/02/2017 au 01/03/2019" in svg
    assert 'class="seven-years"' in svg and "dépôt − 7 ans" in svg


def test_timeline_gap_of_exactly_twelve_months_is_not_shaded():
    d = dossier("2020-01-31", doc("a.pdf", "rent_receipt", issue="2019-01-31"),
                doc("b.pdf", "rent_receipt", issue="2020-01-31"))
    svg = re.search(r"<svg .*?</svg>", render_report(d, None), re.S).group(0)
    assert 'class="gap"' not in svg
    d = dossier("2020-02-01", doc("a.pdf", "rent_receipt", issue="2019-01-31"),
                doc("b.pdf", "rent_receipt", issue="2020-02-01"))
    svg = re.search(r"<svg .*?</svg>", render_report(d, None), re.S).group(0)
    assert svg.count('class="gap"') == 1


def test_timeline_draws_oqtf_windows():
    html = render_report(_sample(), None)
    assert html.count('class="oqtf-window"') == 1
    assert "Période de référence OQTF : 15/03/2022 – 15/03/2025" in html


def test_document_text_is_escaped():
    hostile = doc("<script>alert(1)</script>.pdf", "payslip", issue="2024-01-31")
    hostile = hostile.model_copy(update={
        "issue_date": fact(hostile.issue_date.value, text="<img src=x onerror=alert(1)>"),
        "warnings": ("<b>page illisible</b>",),
    })
    base = dossier("2025-01-31", hostile).model_copy(update={"warnings": ("<i>dossier</i>",)})
    html = render_report(base, None)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>page" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in html
    assert "&lt;i&gt;dossier&lt;/i&gt;" in html
    assert "Aucune évaluation" in html


def _page_with_box(path: Path, bbox_points: tuple[float, float, float, float]) -> None:
    """A white A4 page at 100 dpi with a red box where bbox_points says."""
    image = Image.new("RGB", (827, 1169), "white")
    scale = 100 / 72
    x0, y0, x1, y1 = (round(v * scale) for v in bbox_points)
    image.paste((220, 0, 0), (x0, y0, x1, y1))
    image.save(path, quality=95)


def test_crops_come_from_the_page_image_at_the_fact_box(tmp_path):
    bbox = (100.0, 200.0, 244.0, 236.0)  # 144 x 36 points = 200 x 50 px
    record: DocumentRecord = doc("bulletin.pdf", "payslip", issue="2024-01-31")
    record = record.model_copy(update={"issue_date": fact(record.issue_date.value, bbox=bbox)})
    _page_with_box(tmp_path / f"{record.sha256[:16]}-p1.jpg", bbox)
    html = render_report(dossier("2025-01-31", record), tmp_path)
    uris = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', html)
    assert len(uris) == 1  # only the fact with a box gets a crop
    crop = Image.open(io.BytesIO(base64.b64decode(uris[0]))).convert("RGB")
    assert crop.size == (200 + 16, 50 + 16)  # the box and its margin
    r, g, b = crop.getpixel((crop.width // 2, crop.height // 2))
    assert r > 180 and g < 60 and b < 60
    # No page image: no crop, no error.
    assert "data:image" not in render_report(dossier("2025-01-31", record), tmp_path / "absent")


def test_summary_rows_and_page():
    first = _sample()
    second = dossier("2025-01-15", dossier_id="A0002")
    rows = summary_rows([first, second])
    assert [r["dossier_id"] for r in rows] == ["A0002", "A0007"]
    assert list(rows[1]) == ["dossier_id", "application_date"] + [
        f"{c}_{k}" for c in CRITERIA for k in ("status", "confidence")
    ]
    assert rows[1]["application_date"] == "2025-06-02"
    assert rows[1]["republican_contract_status"] == "favourable"
    assert rows[1]["oqtf_confidence"] == "0.87"
    assert rows[0]["oqtf_status"] == ""
    html = render_summary([first, second])
    assert 'href="A0007/report.html"' in html and 'href="A0002/report.html"' in html
    assert "02/06/2025" in html and "défavorable" in html


@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_report_renders_in_headless_chromium(tmp_path):
    html = render_report(_sample(), None)
    assert "<svg" in html and 'id="timeline"' in html and 'id="criterion-presence_duration"' in html
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run(
        ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1200,2000",
         page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    image = Image.open(shot).convert("L")
    assert image.size == (1200, 2000)
    low, high = image.getextrema()
    assert high - low > 100  # text and colours, not a blank page
    histogram = image.histogram()
    assert sum(histogram[:200]) > 0.01 * image.width * image.height  # enough dark pixels to be content


def test_another_copy_is_shown_as_such_and_a_fact_lists_its_other_readings(tmp_path):
    bbox = (100.0, 200.0, 244.0, 236.0)
    scan = doc("a_scan.jpg", "payslip", issue="2024-12-08", start="2024-11-01", end="2024-11-30", confidence=0.4)
    layer = doc("b_bulletin.pdf", "payslip", issue="2024-12-02", start="2024-11-01", end="2024-11-30")
    layer = layer.model_copy(update={"issue_date": fact(layer.issue_date.value, bbox=bbox)})
    same = {"fingerprint": "0f0f0f0f0f0f0f0f"}
    built = build_dossier("A0007", [scan.model_copy(update=same), layer.model_copy(update=same)],
                          date(2025, 6, 2), "meta", [])
    _page_with_box(tmp_path / f"{layer.sha256[:16]}-p1.jpg", bbox)  # only the text layer's page is kept
    html = render_report(built, tmp_path)
    assert "2 document(s) lu(s), dont 1 autre(s) exemplaire(s) d'une même pièce" in html
    assert 'class="document duplicate" id="doc-1"' in html
    assert 'Autre exemplaire de la même pièce que <a href="#doc-0">a_scan.jpg</a>' in html
    kept_row = re.search(r'<tr id="doc-0-issue_date">.*?</tr>', html, re.S).group(0)
    assert "02/12/2024" in kept_row and "Autre(s) lecture(s)" in kept_row
    assert "08/12/2024 (40 %, a_scan.jpg, page 1)" in kept_row
    assert "de b_bulletin.pdf" in kept_row and "data:image/jpeg;base64," in kept_row  # the crop of the surer copy
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert svg.count('class="proof"') == 2  # the kept payslip's month and its pay day, not the copy's
