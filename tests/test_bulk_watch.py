"""The hot folder: a file copied in slowly, in chunks with pauses, is read once, whole (the watch's clock
driven by the test); the `aes watch` command stops cleanly on SIGTERM."""

import hashlib
import json
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from rich.console import Console
from sample_paths import ROOT
from test_bulk_support import AES, manifest, sample_documents

from pipelines.batch.process import BatchOptions
from pipelines.batch.watch import HotFolder, watch_folder


def test_a_file_counts_once_it_has_stayed_unchanged_for_the_settle_time(tmp_path: Path) -> None:
    (tmp_path / "in" / "A1").mkdir(parents=True)
    growing = tmp_path / "in" / "A1" / "doc.pdf"
    growing.write_bytes(b"%PDF-1.4 part one")
    folder = HotFolder(tmp_path / "in", tmp_path / "out", settle=2.0)
    settled, waiting = folder.look(now=100.0)
    assert settled == {} and waiting == {growing.absolute()} and not folder.changed(settled, waiting)
    growing.write_bytes(b"%PDF-1.4 part one, part two")
    settled, waiting = folder.look(now=101.5)
    assert waiting == {growing.absolute()}, "it grew: its clock starts again"
    settled, waiting = folder.look(now=103.0)
    assert waiting == {growing.absolute()}
    settled, waiting = folder.look(now=103.6)
    assert list(settled) == [growing.absolute()] and folder.changed(settled, waiting)
    folder.taken = settled
    assert not folder.changed(*folder.look(now=110.0))
    growing.write_bytes(b"%PDF-1.4 rewritten in place, longer")
    settled, waiting = folder.look(now=111.0)
    assert not folder.changed(settled, waiting), "a file being rewritten waits until it settles again"
    assert folder.changed(*folder.look(now=113.5))


def test_a_file_copied_in_slowly_is_read_once_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The watch's clock is driven by the test: it looks at the folder every 0.2 s while a copy writes a
    chunk every 0.8 s; however slow the machine, the watch sees the copy exactly so, never a pause as
    long as the settle time until the copy is done."""
    texts, _ = sample_documents()
    intake, out = tmp_path / "in", tmp_path / "out"
    (intake / "A1").mkdir(parents=True)
    (intake / "A1" / "premier.pdf").write_bytes(texts[0].read_bytes())
    data = texts[1].read_bytes()
    arriving = intake / "A1" / "arrive" / "lent.pdf"
    size = len(data) // 5 + 1
    chunks = [data[start:start + size] for start in range(0, len(data), size)]

    def copy(chunk: bytes) -> None:
        arriving.parent.mkdir(exist_ok=True)
        with arriving.open("ab") as stream:
            stream.write(chunk)

    # What happens while the watch sleeps after each look, and how far its clock then moves on.
    script = iter([
        (None, 2.0),  # premier.pdf settles
        # The copy: a chunk, then a pause of 0.8 s (shorter than the settle time) seen by 4 looks.
        *[step for chunk in chunks for step in [(lambda chunk=chunk: copy(chunk), 0.2), *[(None, 0.2)] * 3]],
        (None, 0.8),  # copied, not yet settled
        (None, 1.0),  # settled: read
        (None, 5.0),  # a round in which nothing must be read again
    ])
    now = [100.0]

    def sleep(seconds: float) -> None:
        action, advance = next(script, (None, None))
        if advance is None:
            raise KeyboardInterrupt  # how a watch is stopped
        if action:
            action()
        now[0] += advance

    rounds = watch_folder(intake, out, BatchOptions(jobs=1), Console(stderr=True), interval=0.2, settle=1.5,
                          log_json=True, clock=lambda: now[0], sleep=sleep)
    log = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    read = [e["sha256"] for e in log if e["event"] == "document_done"]
    assert sorted(read) == sorted(hashlib.sha256(t.read_bytes()).hexdigest() for t in texts[:2]), (
        "a partial copy was read, or a file twice"
    )
    assert rounds == 2 and [e["settled"] for e in log if e["event"] == "watch_round"] == [1, 2]
    assert log[-1]["event"] == "watch_stopped" and log[-1]["rounds"] == 2
    lines = {line["path"]: line["status"] for line in manifest(out)}
    assert lines == {"A1/premier.pdf": "ok", "A1/arrive/lent.pdf": "ok"}


def _wait_for_rounds(log: list[dict], rounds: int) -> None:
    """Until the watch has finished that many rounds (its batches' ends), or 4 minutes against a hang."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and sum(e["event"] == "batch_done" for e in log) < rounds:
        time.sleep(0.1)


@pytest.mark.slow
def test_the_aes_watch_command_reads_what_arrives_and_sigterm_stops_it(tmp_path: Path) -> None:
    texts, _ = sample_documents()
    intake, out = tmp_path / "in", tmp_path / "out"
    (intake / "A1").mkdir(parents=True)
    (intake / "A1" / "premier.pdf").write_bytes(texts[0].read_bytes())
    watch = subprocess.Popen(
        [*AES, "watch", str(intake), "--out", str(out), "--interval", "0.2", "--settle", "1.5", "--jobs", "1", "--log-json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    log: list[dict] = []
    reader = threading.Thread(target=lambda: log.extend(json.loads(line) for line in watch.stdout), daemon=True)
    reader.start()
    first = hashlib.sha256(texts[0].read_bytes()).hexdigest()
    second = hashlib.sha256(texts[1].read_bytes()).hexdigest()
    try:
        _wait_for_rounds(log, 1)  # the watch is up and has read what was there
        # Arrives whole at once (written beside, then renamed in), as a scanner's finished file does.
        (tmp_path / "lent.pdf").write_bytes(texts[1].read_bytes())
        (intake / "A1" / "arrive").mkdir()
        (tmp_path / "lent.pdf").rename(intake / "A1" / "arrive" / "lent.pdf")
        _wait_for_rounds(log, 2)
        watch.send_signal(signal.SIGTERM)
        assert watch.wait(60) == 0, watch.stderr.read()
    finally:
        if watch.poll() is None:
            watch.kill()
    reader.join(5)
    read = [e for e in log if e["event"] == "document_done"]
    assert sorted(e["sha256"] for e in read) == sorted({first, second})
    assert all(e["status"] == "ok" for e in read)
    assert log[-1]["event"] == "watch_stopped" and log[-1]["rounds"] == 2
    lines = {line["path"]: line["status"] for line in manifest(out)}
    assert lines == {"A1/premier.pdf": "ok", "A1/arrive/lent.pdf": "ok"}
    assert (out / "A1" / "dossier.json").is_file()
