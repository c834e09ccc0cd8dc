"""`aes process` as a person and a machine see it, on files that cannot be read: exit code 1, each
failure listed with its reason, and a failure that belongs to the file itself not tried again
(until the file changes: see test_bulk_runs)."""

from pathlib import Path

import pytest
from test_bulk_support import aes, events, manifest

pytestmark = pytest.mark.slow


def test_unreadable_files_exit_1_listed_and_are_not_read_again_until_they_change(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "A1"
    folder.mkdir(parents=True)
    (folder / "vide.pdf").write_bytes(b"")
    (folder / "programme.pdf").write_bytes(bytes(range(256)) * 8)
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    out = tmp_path / "out"

    first = aes("process", str(tmp_path / "in"), "--out", str(out), "--jobs", "2")
    assert first.returncode == 1, first.stderr
    assert "vide.pdf" in first.stderr and "programme.pdf" in first.stderr and "Rapports :" in first.stderr
    status = {line["path"]: (line["status"], line["error"]) for line in manifest(out)}
    assert set(status) == {"A1/vide.pdf", "A1/programme.pdf", "A1/.DS_Store"}
    assert status["A1/vide.pdf"] == ("failed", "le fichier est vide (0 octet)")
    assert status["A1/programme.pdf"][0] == "failed" and status["A1/programme.pdf"][1]
    assert status["A1/.DS_Store"][0] == "skipped"

    again = aes("process", str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "--log-json")
    assert again.returncode == 1
    log = events(again.stdout)
    assert log[0] == {**log[0], "event": "batch_planned", "documents": 2, "cached": 2, "to_read": 0}
    assert log[-1]["event"] == "batch_done" and log[-1]["failed"] == 2 and log[-1]["workers_started"] == 0
    assert not again.stderr.strip(), "with --log-json, nothing for a person on stderr"
