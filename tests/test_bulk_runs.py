"""Whole runs of a small intake folder: killed and resumed, run again, changed, and run on a real Dask
cluster — every time the same dossiers as one uninterrupted run in this process."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client
from sample_paths import ROOT
from test_bulk_support import AES, aes, dossiers, events, input_files, long_scan, manifest, small_intake

from pipelines.executors import SerialExecutor
from pipelines.process import BatchOptions, process_batch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """The intake folder and the dossiers of one uninterrupted run, read serially in this process."""
    intake = small_intake(tmp_path_factory.mktemp("intake"))
    out = tmp_path_factory.mktemp("reference")
    result = process_batch(intake, out, BatchOptions(jobs=1), executor=SerialExecutor())
    assert not result.failed and result.read == len(input_files(intake))
    return intake, dossiers(out)


def _cache_entries(out: Path) -> int:
    return len(list((out / ".cache").glob("*.json"))) - (out / ".cache" / "files.json").exists()


def test_a_run_killed_with_sigkill_carries_on_and_ends_as_an_uninterrupted_run(reference, tmp_path: Path) -> None:
    intake, expected = reference
    out = tmp_path / "out"
    run = subprocess.Popen([*AES, "process", str(intake), "--out", str(out), "--jobs", "2", "--quiet"], cwd=ROOT)
    deadline = time.monotonic() + 240
    while _cache_entries(out) < 1 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    done_before = _cache_entries(out)
    assert 1 <= done_before < len(input_files(intake))

    again = aes("process", str(intake), "--out", str(out), "--jobs", "2", "--log-json")
    assert again.returncode == 0, again.stderr
    planned = events(again.stdout)[0]
    assert planned["event"] == "batch_planned" and planned["cached"] >= done_before
    assert planned["to_read"] == len(input_files(intake)) - planned["cached"]
    lines = manifest(out)
    assert sorted(line["path"] for line in lines) == input_files(intake)
    assert all(line["status"] == "ok" for line in lines)
    assert dossiers(out) == expected
    assert not [p for p in out.rglob(".*.tmp")], "a temporary file was left behind"


def test_a_second_run_does_nothing_and_a_change_rereads_only_that_file(reference, tmp_path: Path) -> None:
    intake, expected = reference
    intake = Path(shutil.copytree(intake, tmp_path / "in"))
    out = tmp_path / "out"
    assert aes("process", str(intake), "--out", str(out), "--jobs", "2", "--quiet").returncode == 0
    # Nothing changed: no worker, no spaCy, no dossier rebuilt.
    probe = (
        "import json, sys; from pathlib import Path; from pipelines.process import BatchOptions, process_batch;"
        f"r = process_batch(Path({str(intake)!r}), Path({str(out)!r}), BatchOptions(jobs=2));"
        "print(json.dumps({'read': r.read, 'rebuilt': r.rebuilt, 'workers': r.stats.workers_started,"
        " 'spacy': 'spacy' in sys.modules}))"
    )
    idle = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(idle.stdout) == {"read": 0, "rebuilt": 0, "workers": 0, "spacy": False}
    assert dossiers(out) == expected

    # A new file in A2 (new content: a known one would come from the cache): it alone is read, A2 alone rebuilt.
    long_scan(intake / "A2" / "nouveau.tif", pages=1)
    changed = aes("process", str(intake), "--out", str(out), "--jobs", "2", "--log-json")
    assert changed.returncode == 0, changed.stderr
    log = events(changed.stdout)
    assert [e["event"] for e in log if e["event"] == "document_done"] == ["document_done"]
    rebuilt = {e["dossier"]: e["rebuilt"] for e in log if e["event"] == "dossier_done"}
    assert rebuilt == {1: False, 2: True}
    after = dossiers(out)
    assert after["A1"] == expected["A1"]
    assert "nouveau.tif" in [d["file"] for d in after["A2"]["documents"]]
    assert sorted(line["path"] for line in manifest(out)) == input_files(intake)
    # Logs are for machines, not for reading files: no file or folder name in them.
    assert "nouveau" not in changed.stdout and "A2" not in changed.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_dask_cluster_of_two_workers_gives_the_same_dossiers(reference, tmp_path: Path) -> None:
    intake, expected = reference
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = dict(os.environ)
    dask = [sys.executable, "-m", "dask"]
    scheduler = subprocess.Popen(
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    workers = [
        subprocess.Popen(
            [*dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1", "--memory-limit", "1.5GB"],
            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        out = tmp_path / "out"
        done = aes("process", str(intake), "--out", str(out), "--scheduler", address, "--log-json")
        assert done.returncode == 0, done.stderr
        assert events(done.stdout)[-1]["workers_started"] == 2
        assert dossiers(out) == expected
        assert all(line["status"] == "ok" for line in manifest(out))
        pictures = sorted(p.name for p in out.glob("*/pages/*.jpg"))
        assert pictures and len(pictures) == len(input_files(intake))
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
        for process in [*workers, scheduler]:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_an_unreachable_scheduler_is_exit_code_4(tmp_path: Path) -> None:
    folder = small_intake(tmp_path / "in")
    done = aes("process", str(folder), "--out", str(tmp_path / "out"), "--scheduler", f"tcp://127.0.0.1:{_free_port()}")
    assert done.returncode == 4 and "dask scheduler" in done.stderr.lower()
