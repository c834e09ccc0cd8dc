"""What the 2D-DOC search costs the reading of scans, and how zxing-cpp compares with libdmtx, in one run.

    .venv/bin/python bench/two_d_doc_search.py SET [--files 20] [--rounds 2]

1. Throughput: the first `--files` scanned files of a generated set (SET/renderings.json) are read by
   read_document with the search and without it (the search replaced by a no-op), alternately, file by
   file, `--rounds` times, so load from elsewhere falls on both. Measured in CPU seconds (this process
   and its children: Tesseract), which other work on a shared machine disturbs far less than wall time;
   wall seconds are printed too. Printed: the ratio (the bar: within 3 %), and the pages searched.
2. Text layer: the same on the first `--files` text-layer PDFs (a likely page is drawn again at 200 dpi).
3. Decoders: on every page image of those files that holds a labelled 2D-DOC, the decoding rate and time
   of zxing-cpp (the one used) and of pylibdmtx (libdmtx), when installed.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

from PIL import Image, ImageSequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

import pypdfium2 as pdfium  # noqa: E402

import extractor.reading.read as read  # noqa: E402
from extractor.reading.two_d_doc_search import find_barcodes, likely_two_d_doc  # noqa: E402


def scanned_files(set_dir: Path, count: int) -> list[tuple[Path, str, bool]]:
    """(file, dossier, carries a labelled 2D-DOC) for the first `count` scanned files."""
    renderings = json.loads((set_dir / "renderings.json").read_text(encoding="utf-8"))
    out = []
    for dossier, files in sorted(renderings.items()):
        truth = json.loads((set_dir / "truth" / f"{dossier}.json").read_text(encoding="utf-8"))["documents"]
        for name, info in sorted(files.items()):
            if info["rendering"] == "scan" and "#" not in name:
                out.append((set_dir / "dossiers" / dossier / name, dossier, "two_d_doc" in truth.get(name, {})))
    return out[:count]


def _read(path: Path, search: bool) -> tuple[float, int]:
    """Seconds to read the file, and pages searched."""
    searched = 0

    def counting(page, image, dpi, askew=None):
        nonlocal searched
        if likely_two_d_doc(page):
            searched += 1
            return page.model_copy(update={"barcodes": find_barcodes(image, dpi, askew)})
        return page

    read.with_barcodes = counting if search else (lambda page, image, dpi, askew=None: page)
    start = _cpu()
    read.read_document(path, path.name, read.ReadOptions())
    return _cpu() - start, searched


def text_layer(set_dir: Path, count: int) -> None:
    """The same comparison on text-layer PDFs, where a likely page is drawn again at 200 dpi for the search."""
    renderings = json.loads((set_dir / "renderings.json").read_text(encoding="utf-8"))
    files = [set_dir / "dossiers" / dossier / name for dossier, entries in sorted(renderings.items())
             for name, info in sorted(entries.items()) if info["rendering"] == "text_layer"][:count]
    search = read.text_layer_barcodes
    spent = {True: 0.0, False: 0.0}
    for i, path in enumerate(files):
        for on in ((True, False) if i % 2 == 0 else (False, True)):
            read.text_layer_barcodes = search if on else (lambda path, pages: pages)
            start = _cpu()
            read.read_document(path, path.name, read.ReadOptions())
            spent[on] += _cpu() - start
    read.text_layer_barcodes = search
    print(f"reading {len(files)} text-layer PDFs: with search {spent[True]:.2f} CPU s, without {spent[False]:.2f} CPU s, "
          f"ratio {spent[True] / spent[False]:.3f}")


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def throughput(files: list[tuple[Path, str, bool]], rounds: int) -> None:
    with_search = without = 0.0
    searched = pages = 0
    for r in range(rounds):
        for i, (path, _, _) in enumerate(files):
            order = (True, False) if (i + r) % 2 == 0 else (False, True)
            for search in order:
                seconds, count = _read(path, search)
                if search:
                    with_search += seconds
                    searched += count
                else:
                    without += seconds
            pages += 1
    print(f"reading {len(files)} scanned files x {rounds} rounds: with search {with_search:.1f} CPU s, "
          f"without {without:.1f} CPU s, ratio {with_search / without:.4f} ({(with_search / without - 1) * 100:+.2f} %); "
          f"{searched} page readings searched, in {pages} file readings with the search")


def _images(path: Path) -> list[Image.Image]:
    if path.suffix.lower() == ".pdf":
        pdf = pdfium.PdfDocument(path)
        return [page.render(scale=200 / 72, grayscale=True).to_pil() for page in pdf]
    with Image.open(path) as image:
        return [frame.convert("L") for frame in ImageSequence.Iterator(image)]


def decoders(files: list[tuple[Path, str, bool]]) -> None:
    images = [image for path, _, carries in files if carries for image in _images(path)]
    if not images:
        print("no scanned page with a 2D-DOC among those files")
        return
    start, found = time.perf_counter(), sum(bool(find_barcodes(image, 200)) for image in images)
    print(f"zxing-cpp: {found}/{len(images)} pages decoded, {(time.perf_counter() - start) / len(images):.3f} s a page")
    try:
        from pylibdmtx.pylibdmtx import decode
    except ImportError as error:
        print(f"pylibdmtx not measured: {error}")
        return
    start, found = time.perf_counter(), sum(bool(decode(image, max_count=1, timeout=10000)) for image in images)
    print(f"pylibdmtx: {found}/{len(images)} pages decoded, {(time.perf_counter() - start) / len(images):.3f} s a page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    files = scanned_files(args.set, args.files)
    decoders(files)
    text_layer(args.set, args.files)
    throughput(files, args.rounds)


if __name__ == "__main__":
    main()
