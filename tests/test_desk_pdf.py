"""The desk's papers end to end: on the sample set (real Tesseract), and printed by Debian's Chromium."""

import http.server
import io
import json
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from datetime import date
from pathlib import Path

import pdfplumber
import playwright.sync_api as playwright  # a dependency (pyproject): missing is an error, not a skip
import pytest
from desk_support import asked_semesters, truth_uncovered_semesters, visible_words
from PIL import Image
from sample_paths import ROOT, SAMPLE

from models.truth import TruthDossier
from pipelines.desk.stored import desk_papers
from pipelines.outputs.pdf import CHROMIUM, PdfPrinter, printable

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]
A4_POINTS = (595.3, 841.9)
PAGE_NUMBER = re.compile(r"^Page (\d+) / (\d+)$", re.M)
KINDS = ("report", "inventory", "request")


def _truth(dossier_id: str) -> TruthDossier:
    return TruthDossier.model_validate_json((SAMPLE / "truth" / f"{dossier_id}.json").read_text(encoding="utf-8"))


def _designed_gap() -> str:
    scenarios = json.loads((SAMPLE / "scenarios.json").read_text(encoding="utf-8"))
    return next(did for did, facts in scenarios.items() if facts["scenario"] == "gap_expired_tcf")


def test_the_sample_dossier_with_a_designed_gap_gets_every_bare_semester_asked_and_no_covered_one(sample_run):
    gap = _designed_gap()
    for dossier in sample_run.dossiers:
        _, request = desk_papers(sample_run.out_dir / dossier.dossier_id, date.today())
        asked = asked_semesters(line.key for line in request.lines)
        expected = truth_uncovered_semesters(_truth(dossier.dossier_id))
        assert expected <= asked, dossier.dossier_id  # a misread proof may add a line, for the agent to strike
        if dossier.dossier_id == gap:
            assert len(expected) >= 3 and asked == expected


def test_every_received_file_is_in_the_inventory_once(sample_run):
    for dossier in sample_run.dossiers:
        inventory, _ = desk_papers(sample_run.out_dir / dossier.dossier_id, date.today())
        received = sorted(e.path.split("/", 1)[1] for e in sample_run.manifest if e.dossier_id == dossier.dossier_id)
        listed = [line.file for line in inventory.lines]
        assert sorted({name.split("#p")[0] for name in listed}) == received, dossier.dossier_id
        assert len(set(listed)) == len(listed)
        for name, times in Counter(name.split("#p")[0] for name in listed).items():
            # A scanned pile is listed by its parts (FILE#pA-B), as many as the documents it holds.
            assert times == 1 or all(f"{name}#p" in part for part in listed if part.startswith(name)), name
        assert [line.number for line in inventory.lines] == list(range(1, len(listed) + 1))


def _pdf_text(data: bytes) -> tuple[list[str], list[tuple[float, float]]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages], [(float(p.width), float(p.height)) for p in pdf.pages]


def _characters(words) -> Counter:
    return Counter("".join(words))


def _unembedded_fonts(data: bytes) -> list[str]:
    """Names of the fonts the PDF uses without carrying their glyphs."""
    from pdfminer.pdftypes import resolve1

    missing = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for ref in resolve1(page.page_obj.resources.get("Font", {})).values():
                font = resolve1(ref)
                holder = resolve1(font["DescendantFonts"])[0] if "DescendantFonts" in font else font
                descriptor = resolve1(resolve1(holder).get("FontDescriptor"))
                if not descriptor or not {"FontFile", "FontFile2", "FontFile3"} & set(descriptor):
                    missing.append(str(font.get("BaseFont")))
    return missing


def test_the_pdfs_hold_the_same_text_as_the_html_on_numbered_a4_pages_with_fonts_embedded(sample_run):
    folder = sample_run.out_dir / _designed_gap()
    printed = {}
    with PdfPrinter() as printer:
        for kind in KINDS:
            html = (folder / f"{kind}.html").read_text(encoding="utf-8")
            printed[kind] = data = printer.pdf(html)
            pages, sizes = _pdf_text(data)
            assert all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in sizes), kind
            numbers = [PAGE_NUMBER.findall(text) for text in pages]
            assert numbers == [[(str(n), str(len(pages)))] for n in range(1, len(pages) + 1)], kind
            text = [PAGE_NUMBER.sub("", page) for page in pages]
            # The same characters, however the PDF's lines cut the words of a table's cells.
            assert _characters("".join(text).split()) == _characters(visible_words(html)), kind
            assert _unembedded_fonts(data) == [], kind
    report_pages, _ = _pdf_text(printed["report"])
    assert "Bulletin de salaire" in report_pages[0]  # the timeline's lanes, drawn as vector text
    with pdfplumber.open(io.BytesIO(printed["report"])) as pdf:
        assert sum(len(page.images) for page in pdf.pages) >= 10  # the crops of the facts read


def test_printing_fetches_nothing_even_when_a_page_names_an_address(tmp_path):
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        html = (f'<html><head><link rel="stylesheet" href="{address}/style.css"></head><body>'
                f'<img src="{address}/picture.png"><p>Bonjour</p><iframe src="{address}/frame"></iframe></body></html>')
        with PdfPrinter() as printer:
            data = printer.pdf(html)
    finally:
        server.shutdown()
    assert asked == []
    assert "Bonjour" in _pdf_text(data)[0][0]


def _screenshot(browser, html: str, path) -> Image.Image:
    page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    page.set_content(printable(html), wait_until="load")  # as it goes to the PDF
    page.screenshot(path=str(path), full_page=True)
    page.close()
    return Image.open(path).convert("L")


def test_each_paper_looks_right_in_chromium(sample_run, tmp_path):
    folder = sample_run.out_dir / _designed_gap()
    inventory, request = desk_papers(folder, date.today())
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        shots = {kind: _screenshot(browser, (folder / f"{kind}.html").read_text(encoding="utf-8"), tmp_path / f"{kind}.png")
                 for kind in KINDS}
        page = browser.new_page()
        page.set_content((folder / "request.html").read_text(encoding="utf-8"))
        expect = playwright.expect
        expect(page.locator("h1")).to_have_text("Demande de pièces complémentaires")
        expect(page.locator("#request li.line")).to_have_count(len(request.lines))
        first = page.locator("#request li.line").first
        expect(first).to_be_visible()
        assert first.bounding_box()["height"] > 20  # the line, its examples and why
        page.set_content((folder / "inventory.html").read_text(encoding="utf-8"))
        expect(page.locator("#inventory tr.line")).to_have_count(len(inventory.lines))
        expect(page.locator("#inventory tr.line").last).to_be_visible()
        page.set_content((folder / "report.html").read_text(encoding="utf-8"))
        expect(page.locator("svg#timeline")).to_be_visible()
        browser.close()
    for kind, shot in shots.items():
        assert shot.width == 794 and shot.height >= 1123, kind
        low, high = shot.getextrema()
        assert high - low > 150, kind  # black text on white, not a blank page
        dark = sum(shot.histogram()[:128])
        assert 0.005 < dark / (shot.width * shot.height) < 0.5, kind  # ink, but not a page of ink


def _one_paper_intake(root):
    folder = root / "in" / "A0001"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE / "dossiers" / "D0005" / "bulletin avril 2018.pdf", folder / "bulletin.pdf")
    (folder / "meta.json").write_text('{"application_date": "2025-06-02"}', encoding="utf-8")
    return root / "in"


def test_aes_process_prints_the_three_papers_unless_told_not_to(tmp_path):
    intake, out = _one_paper_intake(tmp_path), tmp_path / "out"
    aes = [sys.executable, "-m", "pipelines", "process", str(intake), "--out", str(out), "--jobs", "1", "--quiet"]
    done = subprocess.run([*aes, "--no-pdf"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    folder = out / "A0001"
    assert {"inventory.html", "inventory.json", "request.html", "report.html"} <= {p.name for p in folder.iterdir()}
    assert not list(folder.glob("*.pdf"))
    done = subprocess.run(aes, capture_output=True, text=True, cwd=ROOT)  # unchanged, but its PDFs are wanted now
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["inventory.pdf", "report.pdf", "request.pdf"]
    for kind in KINDS:
        assert (folder / f"{kind}.pdf").read_bytes().startswith(b"%PDF-")
    request_text = "".join(_pdf_text((folder / "request.pdf").read_bytes())[0])
    assert "Demande de pièces complémentaires" in request_text and "Une pièce d'identité" in request_text


def test_a_pdf_chromium_cannot_make_is_a_warning_on_the_dossier_and_tried_again_next_run(tmp_path):
    from dossier_factory import payslip

    from pipelines.batch.discover import discover
    from pipelines.batch.work import DocumentOutcome
    from pipelines.outputs.writer import finish_dossier

    intake = _one_paper_intake(tmp_path)
    (dossier_input,) = discover(intake)
    record = payslip("2018-04").model_copy(update={"file": "bulletin.pdf"})
    outcomes = {"bulletin.pdf": DocumentOutcome(file="bulletin.pdf", sha256=record.sha256, records=(record,), pages=1)}
    out = tmp_path / "out"
    with PdfPrinter(chromium=Path("/bin/false")) as broken:  # a program that is no browser: the launch fails
        finished = finish_dossier(dossier_input, intake, out, outcomes, None, "v1", broken)
    assert finished.rebuilt and "Les PDF de ce dossier n'ont pas été faits" in finished.dossier.warnings[-1]
    folder = out / "A0001"
    assert not list(folder.glob("*.pdf")) and "Les PDF de ce dossier n" in (folder / "report.html").read_text()
    with PdfPrinter() as printer:
        again = finish_dossier(dossier_input, intake, out, outcomes, None, "v1", printer)
    assert again.rebuilt and not any("PDF" in w for w in again.dossier.warnings)
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["inventory.pdf", "report.pdf", "request.pdf"]
