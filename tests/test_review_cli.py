"""`aes review user add` and `aes review export`, through the Typer app the CLI mounts."""

import sqlite3

from test_review_support import PASSWORD, make_dossier, setup
from typer.testing import CliRunner

from models.dossier import Dossier
from models.truth import TruthDossier
from review.cli import review_app
from review.corrections import confirm_document
from review.store import Store

runner = CliRunner()


def test_user_add_reads_the_password_from_stdin_and_stores_only_a_hash(tmp_path):
    db = tmp_path / "review.db"
    result = runner.invoke(
        review_app, ["user", "add", "bob", "--role", "admin", "--password-stdin", "--db", str(db)], input=f"{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        role, stored = conn.execute("SELECT role, password_hash FROM users WHERE name = 'bob'").fetchone()
    assert role == "admin" and stored.startswith("$argon2id$") and PASSWORD not in stored
    assert db.stat().st_mode & 0o777 == 0o600
    again = runner.invoke(review_app, ["user", "add", "bob", "--password-stdin", "--db", str(db)], input="autre-mdp\n")
    assert again.exit_code == 1 and "existe déjà" in again.output
    short = runner.invoke(review_app, ["user", "add", "eve", "--password-stdin", "--db", str(db)], input="court\n")
    assert short.exit_code == 1 and "au moins 8" in short.output
    no_stdin = runner.invoke(review_app, ["user", "add", "eve", "--db", str(db)])
    assert no_stdin.exit_code == 2


def test_export_writes_corrected_dossiers_and_labels_only_reviewed_ones(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"), make_dossier("R0002"))
    store = Store(db_path)
    store.load(out)
    # R0001 is fully reviewed, document by document; R0002 is not looked at.
    for version, document in enumerate(("tcf.pdf", "pile.pdf#p2-3"), start=1):
        store.commit("R0001", version, "alice", "relu", lambda d, doc=document: confirm_document(d, doc))
    target = tmp_path / "export"
    result = runner.invoke(review_app, ["export", str(target), "--db", str(db_path), "--as-truth"])
    assert result.exit_code == 1  # a dossier was left out of the labelled set: said, not hidden
    assert "Non étiqueté : R0002" in result.output
    assert {p.name for p in (target / "truth").iterdir()} == {"R0001.json"}
    truth = TruthDossier.model_validate_json((target / "truth" / "R0001.json").read_text())
    assert truth.documents["tcf.pdf"].issue_date.isoformat() == "2022-01-10"
    exported = Dossier.model_validate_json((target / "R0001" / "dossier.json").read_text())
    assert all(d.doc_type.reviewed for d in exported.documents)
    assert (target / "R0002" / "dossier.json").is_file()
    everything = runner.invoke(review_app, ["export", str(target), "--db", str(db_path), "--as-truth", "--include-unreviewed"])
    assert everything.exit_code == 0 and (target / "truth" / "R0002.json").is_file()


def test_every_command_has_help_with_an_example():
    for command in (["serve"], ["user", "add"], ["export"]):
        result = runner.invoke(review_app, [*command, "--help"])
        assert result.exit_code == 0 and "Exemple : " in result.output, command
