"""Issue 17, cases 8 and 9: every entry of an intake folder is in the manifest (a FIFO, a socket, a
broken link: `skipped` with why), a link leaving the intake folder is refused, never followed; and a
file that cannot be read is told in French with a stable `error_code` beside it."""

import json
import os
import socket
from pathlib import Path

from hostile_pdfs import surrogate_text_pdf

from pipelines.batch.process import BatchOptions, process_batch


def _manifest(out: Path) -> dict[str, dict]:
    return {line["path"]: line for line in map(json.loads, (out / "manifest.jsonl").read_text().splitlines())}


def test_every_entry_is_accounted_for_and_links_leaving_the_intake_are_refused(tmp_path: Path) -> None:
    intake, outside = tmp_path / "in", tmp_path / "ailleurs"
    (intake / "A1").mkdir(parents=True)
    (outside / "C9").mkdir(parents=True)
    surrogate_text_pdf(intake / "A1" / "facture.pdf")
    surrogate_text_pdf(outside / "secret.pdf")
    surrogate_text_pdf(outside / "C9" / "autre.pdf")
    os.mkfifo(intake / "A1" / "tube")
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(str(intake / "A1" / "prise"))
    (intake / "A1" / "dehors.pdf").symlink_to(outside / "secret.pdf")
    (intake / "A1" / "dedans.pdf").symlink_to(intake / "A1" / "facture.pdf")
    (intake / "A1" / "casse.pdf").symlink_to(intake / "A1" / "absent.pdf")
    (intake / "C9").symlink_to(outside / "C9")  # an applicant's folder that is a link out
    os.mkfifo(intake / "tube_racine")
    try:
        process_batch(intake, tmp_path / "out", BatchOptions(jobs=1))
    finally:
        unix.close()
    lines = _manifest(tmp_path / "out")
    status = {path: (line["status"], line.get("error_code")) for path, line in lines.items()}
    assert status == {
        "A1/facture.pdf": ("ok", None),
        "A1/dedans.pdf": ("ok", None),
        "A1/tube": ("skipped", "fifo"),
        "A1/prise": ("skipped", "socket"),
        "A1/dehors.pdf": ("skipped", "symlink_outside"),
        "A1/casse.pdf": ("skipped", "symlink_broken"),
        "C9": ("skipped", "symlink_outside"),
        "tube_racine": ("skipped", "fifo"),
    }
    assert lines["A1/dehors.pdf"]["error"].startswith("lien symbolique vers un emplacement hors du dossier d'entrée")
    assert not (tmp_path / "out" / "C9").exists()


def test_a_file_that_cannot_be_read_is_told_in_french_with_its_code(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "A1"
    folder.mkdir(parents=True)
    (folder / "vide.pdf").write_bytes(b"")
    (folder / "notes.txt").write_text("une liste de courses\n", encoding="utf-8")
    (folder / "abime.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")
    process_batch(tmp_path / "in", tmp_path / "out", BatchOptions(jobs=1))
    lines = _manifest(tmp_path / "out")
    assert lines["A1/vide.pdf"]["error"] == "le fichier est vide (0 octet)"
    assert lines["A1/notes.txt"]["error"] == "ce fichier n'est ni un PDF ni une image"
    assert lines["A1/abime.pdf"]["error"].startswith("le PDF ")
    assert [lines[name]["error_code"] for name in ("A1/vide.pdf", "A1/notes.txt", "A1/abime.pdf")] == [
        "empty_file", "unsupported_file", "corrupt_file"
    ]
