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
from pipelines.outputs.pdf import CHROMIUM, PdfPrinter

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
