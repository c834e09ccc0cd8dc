"""Shared helpers of the bulk tests: a small intake folder of real documents from the committed
sample (text PDFs and one scan), and ways to run and read a batch. No tests here."""

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
from PIL import Image
from sample_paths import ROOT, SAMPLE

AES = [sys.executable, "-m", "pipelines"]
APPLICATION_DATE = "2025-06-02"


def _has_text_layer(path: Path) -> bool:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages) == 1 and len(pdf.pages[0].extract_words()) > 40


def sample_documents() -> tuple[list[Path], Path]:
    """Four one-page text PDFs and one scanned page image from the sample, chosen by what they are."""
    files = sorted(p for p in (SAMPLE / "dossiers").rglob("*") if p.is_file())
    texts = list(itertools.islice((p for p in files if p.suffix.lower() == ".pdf" and _has_text_layer(p)), 4))
    scan = next(p for p in files if p.suffix.lower() == ".png")
    assert len(texts) == 4
    return texts, scan


def small_intake(folder: Path) -> Path:
    """Two applicants: A1 with two text PDFs and a scan, A2 with two text PDFs (one in a sub-folder,
    one copied twice, as people do)."""
    texts, scan = sample_documents()
    layout = {
        "A1/releve.pdf": texts[0], "A1/facture.pdf": texts[1], "A1/scan.png": scan,
        "A2/attestation.pdf": texts[2], "A2/attestation (1).pdf": texts[2], "A2/preuves/2021/quittance.pdf": texts[3],
    }
    for relative, source in layout.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / relative)
    for dossier in ("A1", "A2"):
        (folder / dossier / "meta.json").write_text(json.dumps({"application_date": APPLICATION_DATE}))
    return folder


def long_scan(path: Path, pages: int) -> Path:
    """A multi-page TIFF of the sample's scan: slow enough to read that a test can act while it is read."""
    _, scan = sample_documents()
    with Image.open(scan) as image:
        frames = [image.convert("L").rotate(0.3 * n, fillcolor=255) for n in range(pages)]
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=image.info.get("dpi", (300, 300)))
    return path


def dossiers(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text()) for p in sorted(out.glob("*/dossier.json"))}


def missing_pictures(out: Path) -> list[str]:
    """Pages of the dossiers' documents that have no picture for reports and reviewers."""
    return [
        f"{folder}/{document['file']}#p{page}"
        for folder, dossier in dossiers(out).items()
        for document in dossier["documents"]
        for page in range(document["pages"][0], document["pages"][1] + 1)
        if not (out / folder / "pages" / f"{document['sha256'][:16]}-p{page}.jpg").is_file()
    ]


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def input_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "meta.json")


CODE_PACKAGES = ("models", "extractor", "criteria", "pipelines", "review")


def frozen_code(folder: Path) -> Path:
    """A copy of the code for runs that are compared with each other. The cache is keyed by a digest
    of the reading code, so in a tree someone is editing, a live run would rightly read everything
    again; runs from one copy test what they mean to: resuming and reusing under one version."""
    for package in CODE_PACKAGES:
        shutil.copytree(ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def code_env(code: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(code)}


def aes(*args: str, timeout: float = 300, code: Path = ROOT) -> subprocess.CompletedProcess:
    """`aes ARGS` run from `code` (the live tree unless a frozen copy is given)."""
    return subprocess.run([*AES, *args], capture_output=True, text=True, cwd=code, timeout=timeout, env=code_env(code))


def events(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
