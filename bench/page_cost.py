"""What one page costs against how much it holds: read and extract a one-page PDF of 1k, 10k and 50k
characters of packed dated text (a bank statement's shape, tests/hostile_pdfs.py).

    .venv/bin/python bench/page_cost.py [--rounds 3] [--sizes 1000,10000,50000]

Printed per size: seconds to read the page (text layer) and to extract its facts (best of the rounds,
the model loaded beforehand), seconds per 1,000 words, and the ratio of each size's cost to the
smallest's against the ratio of their words: linear when the two agree. The bar: 50k characters read
and extracted in under 3 s.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_pdfs import dense_page_pdf  # noqa: E402

from extractor.facts.cues import find_cues  # noqa: E402
from extractor.facts.extract import extract  # noqa: E402
from extractor.reading.read import ReadOptions, read_document  # noqa: E402

BAR_S = 3.0


def measure(path: Path, rounds: int) -> tuple[float, float, int]:
    """Best seconds of reading and of extracting over `rounds`, and the page's word count."""
    best_read = best_extract = float("inf")
    words = 0
    for _ in range(rounds):
        started = time.perf_counter()
        document = read_document(path, path.name, ReadOptions())
        read = time.perf_counter()
        extract(document)
        done = time.perf_counter()
        best_read, best_extract = min(best_read, read - started), min(best_extract, done - read)
        words = len(document.pages[0].words)
    return best_read, best_extract, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,50000", help="characters on the page, comma-separated")
    args = parser.parse_args()
    find_cues("Fait à Paris, le")  # the tokenizer loaded once, as a worker does
    rows = []
    with tempfile.TemporaryDirectory(prefix="aes-page-cost-") as folder:
        for chars in (int(size) for size in args.sizes.split(",")):
            rows.append((chars, *measure(dense_page_pdf(Path(folder) / f"page-{chars}.pdf", chars), args.rounds)))
    _, read0, extract0, words0 = rows[0]
    print(f"{'chars':>7} {'words':>6} {'read s':>7} {'extract s':>9} {'s/1k words':>10} {'x words':>7} {'x cost':>7}")
    for chars, read, extracted, words in rows:
        total = read + extracted
        print(
            f"{chars:>7} {words:>6} {read:>7.2f} {extracted:>9.2f} {1000 * total / words:>10.3f}"
            f" {words / words0:>7.1f} {total / (read0 + extract0):>7.1f}"
        )
    chars, read, extracted, _ = rows[-1]
    verdict = "under" if read + extracted < BAR_S else "OVER"
    print(f"{chars} characters: {read + extracted:.2f} s, {verdict} the bar of {BAR_S:.0f} s")


if __name__ == "__main__":
    main()
