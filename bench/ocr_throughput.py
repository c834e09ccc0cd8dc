"""How fast the reading stage reads, against bare Tesseract on the same pages, in one run.

    .venv/bin/python bench/ocr_throughput.py [--set SET] [--pages 24] [--jobs 2] [--rounds 2]
        [--big-pdf-pages 300] [--breakdown 6]

1. OCR: N scanned pages of a generated set (SET/renderings.json says which), each written once as
   a PNG at its scan's resolution. Bare `tesseract IMG stdout -l fra` runs `--jobs` wide over those
   files, against (a) `aes process` with `--jobs` workers over the same files laid out as dossier
   folders, from a fresh output folder and cache (start-up, model loading, extraction and reports
   included: the bar), and (b) the reading stage alone (read_document, page pictures encoded as the
   batch does) in `--jobs` warm worker processes. Rounds alternate, so load from elsewhere falls on
   all. Printed: pages/s of each and the ratios (the bar: >= 0.9).
2. Text layer: pages/s on one core (CPU time) of read_document over the set's text-layer PDFs
   (those with a garbage layer, which are OCR'd, left out).
3. Memory: peak RSS of a worker that reads a PDF of `--big-pdf-pages` pages made by concatenating
   the set's PDFs (0 skips it: it OCRs about half of those pages).
4. Where the time goes: cProfile of read_document over `--breakdown` pages, by step.
"""

import argparse
import cProfile
import ctypes
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"
PR_SET_CHILD_SUBREAPER = 36

from extractor.reading.read import ReadOptions, read_document  # noqa: E402


def _scan_files(set_dir: Path, rendering: str) -> list[tuple[Path, dict]]:
    renderings = json.loads((set_dir / "renderings.json").read_text(encoding="utf-8"))
    return [
        (set_dir / "dossiers" / dossier / name, info)
        for dossier, files in sorted(renderings.items())
        for name, info in sorted(files.items())
        if info["rendering"] == rendering
    ]


def page_images(set_dir: Path, count: int, out: Path) -> list[Path]:
    """The first `count` scanned pages of the set, each a PNG at its scan's own resolution."""
    written: list[Path] = []
    for path, info in _scan_files(set_dir, "scan"):
        dpi = info["degradation"]["dpi"]
        if info["format"] == "pdf":
            document = pdfium.PdfDocument(path)
            images = [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
        else:
            with Image.open(path) as image:
                images = [ImageOps.exif_transpose(frame.copy()) for frame in ImageSequence.Iterator(image)]
        for image in images:
            if len(written) == count:
                return written
            target = out / f"page{len(written):04d}.png"
            image.save(target, dpi=(dpi, dpi))
            written.append(target)
    return written


def _bare(path: Path) -> float:
    """CPU seconds of one bare Tesseract run."""
    command = ["tesseract", str(path), "stdout", "-l", "fra"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"tesseract failed on {path.name}")
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _stage(path: Path) -> float:
    """CPU seconds of reading one file: the worker's own and its Tesseract's."""
    def keep(_: int, picture: Image.Image) -> None:  # as pipelines/batch/work.py does with each picture
        picture.save(io.BytesIO(), format="JPEG", quality=70)

    own, children = time.process_time(), _children_cpu()
    read_document(path, path.name, ReadOptions(), keep)
    return time.process_time() - own + _children_cpu() - children


def intake(files: list[Path], folder: Path, per_dossier: int = 4) -> Path:
    """The page images as an intake folder of dossier folders, `per_dossier` pages each."""
    for index, path in enumerate(files):
        dossier = folder / f"D{index // per_dossier + 1:04d}"
        dossier.mkdir(parents=True, exist_ok=True)
        (dossier / path.name).symlink_to(path)
    return folder


def _reap_all() -> None:
    """Waits for every descendant left to this process (a subreaper): the batch's fork server and its
    workers, so that their CPU time, Tesseract's included, counts in RUSAGE_CHILDREN."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _process(input_dir: Path, out: Path, jobs: int) -> float:
    """CPU seconds of one `aes process` run from an empty output folder and cache (its whole tree)."""
    before = _children_cpu()
    command = [sys.executable, "-m", "pipelines", "process", str(input_dir), "--out", str(out),
               "--cache", str(out / "cache"), "--jobs", str(jobs)]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    _reap_all()
    if done.returncode:
        raise RuntimeError(f"aes process failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return _children_cpu() - before


def ocr_ratio(files: list[Path], jobs: int, rounds: int, work: Path) -> None:
    input_dir = intake(files, work / "intake")
    clock = {"bare": [0.0, 0.0], "process": [0.0, 0.0], "stage": [0.0, 0.0]}

    def timed(name: str, run: Callable[[], float]) -> None:
        started = time.perf_counter()
        cpu = run()
        clock[name][0] += time.perf_counter() - started
        clock[name][1] += cpu

    # Orphans of `aes process` (its fork server's workers) come to this process, to be reaped and counted.
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1)
    with ThreadPoolExecutor(max_workers=jobs) as threads:
        for round_ in range(rounds):
            timed("bare", lambda: sum(threads.map(_bare, files)))
            timed("process", partial(_process, input_dir, work / f"out{round_}", jobs))
            # A pool per round, gone before the next `aes process`, whose orphans are reaped by pid -1.
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                list(pool.map(_stage, files[:jobs]))  # workers started and imports done outside the clock
                timed("stage", lambda pool=pool: sum(pool.map(_stage, files)))
    pages = len(files) * rounds
    bare_s, bare_cpu = clock["bare"]
    print(f"OCR, {len(files)} scanned pages x {rounds} rounds, {jobs} wide:")
    labels = {"bare": "bare tesseract", "process": "aes process", "stage": "reading stage (warm)"}
    for name, label in labels.items():
        wall, cpu = clock[name]
        print(f"  {label:22s} {pages / wall:6.2f} pages/s  ({wall:.1f} s wall, {cpu / pages:.2f} CPU s/page)")
    for name in ("process", "stage"):
        wall, cpu = clock[name]
        print(f"  ratio, {labels[name]:20s} {bare_s / wall:6.3f} wall, {bare_cpu / cpu:.3f} CPU   (bar: >= 0.9)")
    print("  (CPU: what the ratio is on cores of one's own; wall: this run, shared with whatever else ran)")


def text_layer_rate(set_dir: Path) -> None:
    """Over the PDFs read wholly from their text layer: those whose layer is garbage are OCR'd, in this
    process, and counted apart."""
    files = [path for path, _ in _scan_files(set_dir, "text_layer")]
    cpu, pages, ocr_files = 0.0, 0, 0
    for path in files:
        started = time.process_time()
        document = read_document(path, path.name, ReadOptions())
        if any(page.reading != "text_layer" for page in document.pages):
            ocr_files += 1
            continue
        cpu += time.process_time() - started
        pages += len(document.pages)
    print(f"Text layer: {pages} pages of {len(files) - ocr_files} PDFs, {pages / cpu:.1f} pages/s per core (CPU time); "
          f"{ocr_files} PDFs with a garbage layer, OCR'd, left out")


def _concatenate(set_dir: Path, pages: int, target: Path) -> None:
    sources = [path for path, info in _scan_files(set_dir, "text_layer") + _scan_files(set_dir, "scan")
               if info["format"] == "pdf"]
    merged, index = pdfium.PdfDocument.new(), 0
    while len(merged) < pages:
        source = pdfium.PdfDocument(sources[index % len(sources)])
        merged.import_pages(source, pages=list(range(min(len(source), pages - len(merged)))))
        index += 1
    merged.save(target)


def _read_big(path: Path) -> tuple[int, int, dict[str, int]]:
    document = read_document(path, path.name, ReadOptions(max_pages=1000), lambda _n, _p: None)
    readings: dict[str, int] = {}
    for page in document.pages:
        readings[page.reading] = readings.get(page.reading, 0) + 1
    return len(document.pages), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, readings


def big_pdf_memory(set_dir: Path, pages: int, out: Path) -> None:
    target = out / f"big-{pages}.pdf"
    _concatenate(set_dir, pages, target)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=1) as pool:  # a fresh worker: its peak is this document's
        read, peak_kb, readings = pool.submit(_read_big, target).result()
    print(f"Big PDF: {read} pages ({readings}) in {time.perf_counter() - started:.0f} s, "
          f"worker peak RSS {peak_kb / 1024:.0f} MB (bar: < 500 MB)")


def breakdown(files: list[Path]) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for path in files:
        _stage(path)
    profile.disable()
    stats = pstats.Stats(profile)
    steps = {
        "decode image": ("images.py", "image_pages"), "tesseract": ("tesseract.py", "ocr_words"),
        "ink map": ("prepare.py", "ink_map"), "sideways + skew": ("prepare.py", "_level"),
        "up/down (leptonica)": ("leptonica.py", "up_down_confidence"), "deskew": ("prepare.py", "straighten"),
        "resample": ("prepare.py", "normalise_resolution"), "page picture": ("read.py", "_picture"),
        "whole stage": ("read.py", "read_document"),
    }
    print(f"Where the time goes, {len(files)} pages in one process (wall seconds per page):")
    for label, (module, function) in steps.items():
        total = sum(row[3] for (file, _, name), row in stats.stats.items() if file.endswith(module) and name == function)
        print(f"  {label:34s} {total / len(files):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=ROOT / "fixtures" / "sample", help="a set made by `aes fixtures`")
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--big-pdf-pages", type=int, default=300)
    parser.add_argument("--breakdown", type=int, default=6, help="pages to profile (0: none)")
    parser.add_argument("--no-text-layer", action="store_true", help="skip the text-layer rate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aes-bench-") as work:
        files = page_images(args.set, args.pages, Path(work))
        ocr_ratio(files, args.jobs, args.rounds, Path(work))
        if not args.no_text_layer:
            text_layer_rate(args.set)
        if args.breakdown:
            breakdown(files[: args.breakdown])
        if args.big_pdf_pages:
            big_pdf_memory(args.set, args.big_pdf_pages, Path(work))


if __name__ == "__main__":
    main()
