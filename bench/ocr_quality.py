"""Character error rate of the reading stage on a generated set's scans, by degradation level.

    .venv/bin/python bench/ocr_quality.py [--set SET] [--jobs 2] [--limit N] [--dpi D]

Every scanned file of SET (renderings.json) is read with read_document; each page's text is
compared with the text the generator drew on it (SET/page_text), line by line and free of reading
order (bench/cer.py). Printed: CER by level (light, moderate, hard), by device, for pages that were
turned, and the pages read worst. `--dpi D` first resamples image scans to D dpi (a lower-resolution
scanner), to measure the resolution policy of extractor/reading/prepare.py.
"""

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cer import normalise, substring_distance, visual_lines  # noqa: E402

from extractor.reading.read import ReadOptions, read_document  # noqa: E402
from models.text import PageText  # noqa: E402


def page_errors(page: PageText, truth: str) -> tuple[int, int]:
    """(errors, characters): each known line looked for in Tesseract's reading order and in the words
    regrouped by their place on the page; the better of the two counts, both being fair readings."""
    texts = [normalise(page.text), normalise(visual_lines([(w.text, w.bbox) for w in page.words]))]
    lines = [normalise(line) for line in truth.splitlines() if line.strip()]
    errors = sum(min(substring_distance(line, text) for text in texts) for line in lines)
    return errors, sum(len(line) for line in lines)


def _resampled(path: Path, scan_dpi: float, dpi: int, out_dir: Path) -> Path:
    with Image.open(path) as image:
        scale = dpi / scan_dpi
        smaller = image.convert("L").resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BOX)
    target = out_dir / f"{abs(hash(path))}.png"
    smaller.save(target, dpi=(dpi, dpi))
    return target


def _measure(job: tuple[Path, str, list[str], dict, int | None, Path]) -> list[dict]:
    path, name, truths, degradation, dpi, out_dir = job
    if dpi and path.suffix.lower() != ".pdf":
        path = _resampled(path, degradation["dpi"], dpi, out_dir)
    document = read_document(path, name, ReadOptions())
    rows = []
    for page, truth, params in zip(document.pages, truths, degradation["pages"], strict=False):
        errors, chars = page_errors(page, truth)
        rows.append({
            "file": name, "page": page.number, "level": degradation["level"], "device": degradation["device"],
            "turned": params.get("rotation", 0), "rotation_read": page.rotation, "reading": page.reading,
            "errors": errors, "chars": chars,
        })
    return rows


def _table(title: str, rows: list[dict], key: str) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[str(row[key])].append(row)
    print(title)
    for name, members in sorted(groups.items()):
        errors, chars = sum(r["errors"] for r in members), sum(r["chars"] for r in members)
        pages = sorted(r["errors"] / max(1, r["chars"]) for r in members)
        median = pages[len(pages) // 2]
        print(f"  {name:10s} {len(members):4d} pages  CER {errors / max(1, chars):6.2%}  median page {median:6.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=ROOT / "fixtures" / "sample", help="a set made by `aes fixtures`")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    parser.add_argument("--dpi", type=int, default=0, help="resample image scans to this dpi first")
    args = parser.parse_args()
    renderings = json.loads((args.set / "renderings.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="aes-quality-") as work:
        jobs = []
        for dossier, files in sorted(renderings.items()):
            texts = json.loads((args.set / "page_text" / f"{dossier}.json").read_text(encoding="utf-8"))
            for name, info in sorted(files.items()):
                if info["rendering"] == "scan":
                    path = args.set / "dossiers" / dossier / name
                    jobs.append((path, name, texts[name], info["degradation"], args.dpi or None, Path(work)))
        jobs = jobs[: args.limit] if args.limit else jobs
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            rows = [row for rows in pool.map(_measure, jobs) for row in rows]
    resampled = f", resampled to {args.dpi} dpi" if args.dpi else ""
    print(f"{len(rows)} scanned pages of {len(jobs)} files in {args.set}{resampled}")
    _table("By degradation level:", rows, "level")
    _table("By device:", rows, "device")
    _table("By turn of the page (degrees):", rows, "turned")
    wrong = [r for r in rows if r["reading"] == "ocr" and r["rotation_read"] != r["turned"]]
    print(f"Pages left turned the wrong way: {len(wrong)} of {len(rows)}")
    print("Worst pages:")
    for row in sorted(rows, key=lambda r: -r["errors"] / max(1, r["chars"]))[:5]:
        print(f"  {row['errors'] / max(1, row['chars']):6.1%}  {row['level']:8s} {row['device']:7s} {row['file']} p{row['page']}")


if __name__ == "__main__":
    main()
