"""Whole runs of a small intake folder: killed and resumed, run again, changed, and run on a real Dask
cluster — every time the same dossiers as one uninterrupted run read serially in one process. All
runs use one frozen copy of the code (see frozen_code)."""

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client
from test_bulk_support import (
    AES,
    aes,
    code_env,
    dossiers,
    events,
    frozen_code,
    input_files,
    long_scan,
    manifest,
    missing_pictures,
    small_intake,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return frozen_code(tmp_path_factory.mktemp("code"))


def _python(code: Path, script: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=code, env=code_env(code))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def reference(code: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """The intake folder and the dossiers of one uninterrupted run, read serially in one process."""
    intake = small_intake(tmp_path_factory.mktemp("intake"))
    out = tmp_path_factory.mktemp("reference")
    serial = (
        "import json; from pathlib import Path; from pipelines.batch.executors import SerialExecutor;"
        "from pipelines.batch.process import BatchOptions, process_batch;"
        f"r = process_batch(Path({str(intake)!r}), Path({str(out)!r}), BatchOptions(jobs=1), executor=SerialExecutor());"
        "print(json.dumps({'failed': len(r.failed), 'read': r.read}))"
    )
    assert _python(code, serial) == {"failed": 0, "read": len(input_files(intake)) - 1}  # a copy is read once
    return intake, dossiers(out)


def _cache_entries(out: Path) -> int:
    return len(list((out / ".cache").glob("*.json"))) - (out / ".cache" / "files.json").exists()


@pytest.fixture(scope="module")
def resumed(code, reference, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, subprocess.CompletedProcess]:
    """`aes process` killed with SIGKILL once some documents are cached, then run again to its end:
    the output folder, how many documents were cached when it was killed, and the second run."""
    intake, _ = reference
    out = tmp_path_factory.mktemp("resumed") / "out"
    command = [*AES, "process", str(intake), "--out", str(out), "--jobs", "2", "--quiet"]
    run = subprocess.Popen(command, cwd=code, env=code_env(code))
    deadline = time.monotonic() + 240
    while _cache_entries(out) < 1 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    done_before = _cache_entries(out)
    return out, done_before, aes("process", str(intake), "--out", str(out), "--jobs", "2", "--log-json", code=code)


def test_a_run_killed_with_sigkill_carries_on_and_ends_as_an_uninterrupted_run(reference, resumed) -> None:
    intake, expected = reference
    out, done_before, again = resumed
    assert 1 <= done_before < len(input_files(intake))
    assert again.returncode == 0, again.stderr
    planned = events(again.stdout)[0]
    assert planned["event"] == "batch_planned" and planned["cached"] >= done_before
    assert planned["to_read"] == len(input_files(intake)) - planned["cached"]
    lines = manifest(out)
    assert sorted(line["path"] for line in lines) == input_files(intake)
    assert all(line["status"] == "ok" for line in lines)
    assert dossiers(out) == expected and not missing_pictures(out)
    assert not [p for p in out.rglob(".*.tmp")], "a temporary file was left behind"


def test_a_second_run_does_nothing_and_a_change_rereads_only_that_file(code, reference, resumed, tmp_path: Path) -> None:
    intake, expected = reference
    intake = Path(shutil.copytree(intake, tmp_path / "in"))
    out = Path(shutil.copytree(resumed[0], tmp_path / "out"))  # a finished run's output, moved with its input
    # Nothing changed: no worker, no spaCy, no dossier rebuilt.
    probe = (
        "import json, sys; from pathlib import Path; from pipelines.batch.process import BatchOptions, process_batch;"
        f"r = process_batch(Path({str(intake)!r}), Path({str(out)!r}), BatchOptions(jobs=2));"
        "print(json.dumps({'read': r.read, 'rebuilt': r.rebuilt, 'workers': r.stats.workers_started,"
        " 'spacy': 'spacy' in sys.modules}))"
    )
    assert _python(code, probe) == {"read": 0, "rebuilt": 0, "workers": 0, "spacy": False}
    assert dossiers(out) == expected

    # A new file in A2 (new content: a known one would come from the cache): it alone is read, A2 alone rebuilt.
    long_scan(intake / "A2" / "nouveau.tif", pages=1)
    changed = aes("process", str(intake), "--out", str(out), "--jobs", "2", "--log-json", code=code)
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


def test_new_extraction_rules_extract_again_from_the_kept_words_without_reading_a_page(
    code, reference, resumed, tmp_path: Path
) -> None:
    intake, expected = reference
    newer = frozen_code(tmp_path / "code")
    rules = newer / "extractor" / "facts" / "classify.py"
    rules.write_text(rules.read_text() + "\n# A new rule: the facts of every document are stale.\n")
    out = Path(shutil.copytree(resumed[0], tmp_path / "out"))
    again = aes("process", str(intake), "--out", str(out), "--jobs", "2", "--log-json", code=newer)
    assert again.returncode == 0, again.stderr
    log = {e["event"]: e for e in events(again.stdout)}
    planned, done = log["batch_planned"], log["batch_done"]
    # Every file's facts are stale; each distinct file is extracted again, from its kept words.
    assert planned["cached"] == 0 and planned["from_kept_words"] == done["read"] == len(input_files(intake)) - 1
    assert done["pages_read"] == 0, "a page was read again (text layer or OCR)"
    assert dossiers(out) == expected


def _scheduler_address(scheduler: subprocess.Popen, address_file: Path) -> str:
    """The address a scheduler started with --port 0 wrote to its --scheduler-file."""
    deadline = time.monotonic() + 120  # only against a hang
    while True:
        assert scheduler.poll() is None, "the Dask scheduler stopped"
        try:
            return json.loads(address_file.read_text())["address"]
        except (OSError, ValueError, KeyError):  # not written yet, or half written
            assert time.monotonic() < deadline, "the Dask scheduler wrote no address"
            time.sleep(0.1)


def test_a_dask_cluster_of_two_workers_gives_the_same_dossiers(code, reference, tmp_path: Path) -> None:
    intake, expected = reference
    env = code_env(code)  # the workers run the frozen code too
    dask = [sys.executable, "-m", "dask"]
    # Port 0: the system gives the scheduler a free port, and the scheduler writes its address to the file.
    address_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen(
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(address_file)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    workers: list[subprocess.Popen] = []
    try:
        address = _scheduler_address(scheduler, address_file)
        workers += [
            subprocess.Popen(
                [*dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                 "--memory-limit", "1.5GB"],
                cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        out = tmp_path / "out"
        done = aes("process", str(intake), "--out", str(out), "--scheduler", address, "--log-json", code=code)
        assert done.returncode == 0, done.stderr
        assert events(done.stdout)[-1]["workers_started"] == 2
        assert dossiers(out) == expected
        assert all(line["status"] == "ok" for line in manifest(out))
        assert list(out.glob("*/pages/*.jpg")) and not missing_pictures(out)
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
    # A port held by this test and not listening: nobody else can take it, and a connection to it is refused.
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{held.getsockname()[1]}"
        done = aes("process", str(folder), "--out", str(tmp_path / "out"), "--scheduler", address)
    assert done.returncode == 4 and "dask scheduler" in done.stderr.lower()
