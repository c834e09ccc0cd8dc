"""Bulk throughput, on demand (not part of the tests): `aes process` against bare Tesseract.

    .venv/bin/python bench/bulk_throughput.py [--seed 9001] [--dossiers 11] [--jobs 2] [--work out/bench-bulk]

1. A generated set (`aes fixtures`), about 200 documents, half of them scans.
2. Bare Tesseract: every page the pipeline OCRs, as the pipeline hands it to Tesseract (captured by
   running the reading stage with Tesseract's call replaced by a recorder), read by
   `tesseract IMG - -l fra`, `--jobs` at a time.
3. `aes process` on the set with `--jobs` workers, from an empty output folder: OCR pages per second
   over the whole run (start-up and text-layer documents included), and the peak memory of its
   whole process tree (sum of RSS, sampled).
4. The same command again, nothing changed: how many times faster.

The code is copied to WORK/code first and everything runs from that copy: in a tree others are
editing, a change to the reading code between the two runs would (rightly) empty the cache.

The bars: pipeline OCR-page throughput >= 0.9 x bare Tesseract; second run >= 50 x faster; peak
memory <= 1.5 GB. Figures are printed and written to WORK/bench.json.
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
AES = [sys.executable, "-m", "pipelines"]
PACKAGES = ("models", "extractor", "criteria", "pipelines", "fixtures", "review", "bench")


def frozen_copy(work: Path) -> Path:
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, code / package, ignore=shutil.ignore_patterns("__pycache__", "sample"))
    return code


def make_set(folder: Path, seed: int, dossiers: int) -> Path:
    if not (folder / "dossiers").is_dir():
        subprocess.run([*AES, "fixtures", "--seed", str(seed), "--dossiers", str(dossiers), "--out", str(folder)],
                       check=True, cwd=ROOT)
    return folder / "dossiers"


def ocr_pages(dossiers: Path, into: Path) -> tuple[list[Path], int, set[str]]:
    """Every page image the pipeline gives Tesseract (the first try of each page), saved as PNG with its
    resolution; also the document count and the content hashes of the documents with pages to OCR."""
    import hashlib

    import extractor.reading.ocr_page
    import extractor.reading.read
    from models.errors import DocumentError

    into.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    first_try = {"pending": False, "document": False}

    def record(image, dpi, timeout_s):
        if first_try["pending"]:
            pages.append(into / f"{len(pages):05d}.png")
            image.save(pages[-1], dpi=(dpi, dpi))
            first_try["pending"], first_try["document"] = False, True
        return []  # no words: the pipeline's own second try (the page turned over) is not recorded

    def page(*args, **kwargs):
        first_try["pending"] = True
        return real_page(*args, **kwargs)

    real_page = extractor.reading.read.ocr_page
    extractor.reading.ocr_page.ocr_words, extractor.reading.read.ocr_page = record, page
    documents, scans = 0, set()
    for path in sorted(p for p in dossiers.rglob("*") if p.is_file() and p.name != "meta.json"):
        documents += 1
        first_try["document"] = False
        with contextlib.suppress(DocumentError):
            extractor.reading.read.read_document(path, path.name, extractor.reading.read.ReadOptions())
        if first_try["document"]:
            scans.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return pages, documents, scans


def bare_tesseract(pages: list[Path], jobs: int) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # as the pipeline runs it: one thread per process

    def read(page: Path) -> None:
        subprocess.run(["tesseract", str(page), "-", "-l", "fra"], check=True, capture_output=True, env=env)

    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(read, pages))
    return time.perf_counter() - started


def tree_rss(process: psutil.Process) -> int:
    total = 0
    with contextlib.suppress(psutil.Error):  # the run has just ended
        members = [process, *process.children(recursive=True)]
        for member in members:
            with contextlib.suppress(psutil.Error):  # ended between listing and measuring
                total += member.memory_info().rss
    return total


def timed_run(command: list[str], log: Path) -> tuple[float, int, int, float]:
    """Wall seconds, peak RSS of the process tree, exit code, CPU seconds of the batch process itself
    (the workers excluded); the run's JSON events go to `log`."""
    peak, own_cpu = 0, 0.0
    started = time.perf_counter()
    with log.open("w") as events:
        child = subprocess.Popen(command, cwd=ROOT, stdout=events, env={**os.environ, "PYTHONPATH": str(ROOT)})
        watched = psutil.Process(child.pid)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak, own_cpu
            while not done.is_set():
                peak = max(peak, tree_rss(watched))
                with contextlib.suppress(psutil.Error):
                    own_cpu = sum(watched.cpu_times()[:2])
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = child.wait()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    return seconds, peak, code, own_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument("--dossiers", type=int, default=11, help="about 18 documents each")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=ROOT / "out" / "bench-bulk")
    parser.add_argument("--frozen", action="store_true", help="(internal) running from WORK/code already")
    args = parser.parse_args()
    args.work = args.work.absolute()
    args.work.mkdir(parents=True, exist_ok=True)
    if not args.frozen:
        script = frozen_copy(args.work) / "bench" / Path(__file__).name
        command = [sys.executable, str(script), "--seed", str(args.seed), "--dossiers", str(args.dossiers),
                   "--jobs", str(args.jobs), "--work", str(args.work), "--frozen"]
        os.execv(sys.executable, command)
    sys.path.insert(0, str(ROOT))  # the frozen copy, before the live tree the editable install points to

    dossiers = make_set(args.work / f"set-{args.seed}", args.seed, args.dossiers)
    pages, documents, scans = ocr_pages(dossiers, args.work / "pages")
    print(f"set: {documents} documents, {len(scans)} with pages to OCR, {len(pages)} OCR pages", flush=True)
    bare = bare_tesseract(pages, args.jobs)
    print(f"bare tesseract, {args.jobs} at a time: {bare:.1f} s, {len(pages) / bare:.3f} pages/s", flush=True)

    out = args.work / "out"
    shutil.rmtree(out, ignore_errors=True)
    command = [*AES, "process", str(dossiers), "--out", str(out), "--jobs", str(args.jobs), "--log-json"]
    first, peak, code, batch_cpu = timed_run(command, args.work / "first.jsonl")
    print(f"aes process, first run: {first:.1f} s, {len(pages) / first:.3f} OCR pages/s, exit {code}, "
          f"peak memory {peak / 2**30:.2f} GiB", flush=True)
    second, _, _, _ = timed_run(command, args.work / "second.jsonl")
    print(f"aes process, nothing changed: {second:.2f} s", flush=True)
    log = [json.loads(line) for line in (args.work / "first.jsonl").read_text().splitlines()]
    done = [e for e in log if e["event"] == "document_done"]
    scanned = sum(e["seconds"] for e in done if e["sha256"] in scans)
    per_page = {"pipeline": scanned / max(1, len(pages)), "bare": bare * args.jobs / max(1, len(pages))}
    if done:
        slowest = sorted(done, key=lambda e: -e["seconds"])[:5]
        print(f"first run: first document done {done[0]['at'] - log[0]['at']:.1f} s after planning; "
              f"worker seconds {sum(e['seconds'] for e in done):.0f} ({scanned:.0f} on documents with OCR); "
              f"batch process CPU {batch_cpu:.0f} s; slowest {[e['seconds'] for e in slowest]}; "
              f"failed {[e['error'] for e in done if e['status'] == 'failed']}", flush=True)
        print(f"per OCR page, worker seconds: pipeline {per_page['pipeline']:.2f} (all its steps), "
              f"bare tesseract {per_page['bare']:.2f}", flush=True)

    figures = {
        "documents": documents, "scanned_documents": len(scans), "ocr_pages": len(pages), "jobs": args.jobs,
        "bare_seconds": round(bare, 2), "first_seconds": round(first, 2), "second_seconds": round(second, 2),
        "throughput_ratio": round(bare / first, 3), "second_run_speedup": round(first / second, 1),
        "peak_rss_gib": round(peak / 2**30, 3), "exit_code": code, "batch_process_cpu_s": round(batch_cpu, 1),
        "ocr_worker_s_per_page": round(per_page["pipeline"], 2), "bare_s_per_page": round(per_page["bare"], 2),
    }
    (args.work / "bench.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    bars = {
        "throughput >= 0.9 x bare Tesseract": figures["throughput_ratio"] >= 0.9,
        "second run >= 50 x faster": figures["second_run_speedup"] >= 50,
        "peak memory <= 1.5 GB": peak <= 1.5e9,
    }
    for bar, met in bars.items():
        print(f"{'met ' if met else 'MISSED'} {bar}")


if __name__ == "__main__":
    main()
