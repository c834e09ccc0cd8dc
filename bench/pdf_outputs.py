"""Seconds to print a dossier's three papers (report, inventory, request) as PDFs, on processed dossiers.

    .venv/bin/python bench/pdf_outputs.py OUT [--rounds 3] [--weasyprint]

OUT is what `aes process` wrote (each OUT/<dossier> holds report.html, inventory.html, request.html;
`aes process fixtures/sample/dossiers --out /tmp/sample --no-pdf` makes one). The printer aes uses
(Debian's Chromium through Playwright, one browser for the batch) is timed with its start-up counted
once, as in a batch; the best of the rounds is printed per dossier, averaged over the dossiers.
`--weasyprint` times WeasyPrint on the same pages, when it is installed (it is not a dependency: it was
measured against Chromium before Chromium was chosen), and says how many pages each engine made.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.outputs.desk_papers import PRINTED  # noqa: E402
from pipelines.outputs.pdf import PdfPrinter, printable  # noqa: E402


def _pages(folders: list[Path]) -> list[dict[str, str]]:
    return [{kind: (folder / f"{kind}.html").read_text(encoding="utf-8") for kind in PRINTED} for folder in folders]


def _count_pages(data: bytes) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(data))


def chromium(dossiers: list[dict[str, str]], rounds: int) -> tuple[float, float, int]:
    """(start-up seconds, seconds a dossier, pages made) with one browser for everything."""
    started = time.perf_counter()
    with PdfPrinter() as printer:
        printer.pdf("<html><head></head><body></body></html>")
        start_up = time.perf_counter() - started
        best, pages = [], 0
        for papers in dossiers:
            times = []
            for _ in range(rounds):
                began = time.perf_counter()
                made = [printer.pdf(html) for html in papers.values()]
                times.append(time.perf_counter() - began)
            best.append(min(times))
            pages += sum(_count_pages(data) for data in made)
    return start_up, sum(best) / len(best), pages


def weasyprint(dossiers: list[dict[str, str]], rounds: int) -> tuple[float, int]:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)  # nothing fetched, as with Chromium
    best, pages = [], 0
    for papers in dossiers:
        times = []
        for _ in range(rounds):
            began = time.perf_counter()
            made = [HTML(string=printable(html), url_fetcher=fetcher).write_pdf() for html in papers.values()]
            times.append(time.perf_counter() - began)
        best.append(min(times))
        pages += sum(_count_pages(data) for data in made)
    return sum(best) / len(best), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="an `aes process` output folder")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--weasyprint", action="store_true", help="also time WeasyPrint on the same pages")
    args = parser.parse_args()
    folders = sorted(p.parent for p in args.out.glob("*/request.html"))
    if not folders:
        sys.exit(f"{args.out}: no OUT/<dossier>/request.html; run `aes process` first")
    dossiers = _pages(folders)
    start_up, per_dossier, pages = chromium(dossiers, args.rounds)
    print(f"{len(folders)} dossiers, 3 PDFs each, best of {args.rounds} rounds")
    print(f"chromium: {per_dossier:.2f} s a dossier ({pages} pages), browser start-up {start_up:.2f} s once a batch")
    if args.weasyprint:
        seconds, made = weasyprint(dossiers, args.rounds)
        print(f"weasyprint: {seconds:.2f} s a dossier ({made} pages), {seconds / per_dossier:.1f} times chromium's")


if __name__ == "__main__":
    main()
