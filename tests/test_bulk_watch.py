"""The hot folder: a file copied in slowly, in chunks with pauses, is read once, whole; the watch stops
cleanly on SIGTERM."""

import hashlib
import json
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sample_paths import ROOT
from test_bulk_support import AES, manifest, sample_documents

from pipelines.batch.watch import HotFolder


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


def _wait_for(log: list[dict], sha256: str) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not any(e.get("sha256") == sha256 for e in log):
        time.sleep(0.2)


@pytest.mark.slow
def test_files_copied_in_slowly_are_read_once_whole_and_sigterm_stops_the_watch(tmp_path: Path) -> None:
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
    try:
        _wait_for(log, first)  # the watch is up and has taken what was there
        data = texts[1].read_bytes()
        arriving = intake / "A1" / "arrive" / "lent.pdf"
        arriving.parent.mkdir()
        with arriving.open("wb") as stream:
            for start in range(0, len(data), len(data) // 5 + 1):
                stream.write(data[start:start + len(data) // 5 + 1])
                stream.flush()
                time.sleep(0.6)  # shorter than the settle time: the copy is still going on
        whole = hashlib.sha256(data).hexdigest()
        _wait_for(log, whole)
        time.sleep(1)  # give a wrong second round the chance to happen
        watch.send_signal(signal.SIGTERM)
        assert watch.wait(60) == 0, watch.stderr.read()
    finally:
        if watch.poll() is None:
            watch.kill()
    reader.join(5)
    read = [e for e in log if e["event"] == "document_done"]
    known = {first, whole}
    assert sorted(e["sha256"] for e in read) == sorted(known), "a partial copy was read, or a file twice"
    assert all(e["status"] == "ok" for e in read)
    assert log[-1]["event"] == "watch_stopped" and log[-1]["rounds"] >= 2
    lines = {line["path"]: line["status"] for line in manifest(out)}
    assert lines == {"A1/premier.pdf": "ok", "A1/arrive/lent.pdf": "ok"}
    assert (out / "A1" / "dossier.json").is_file()
