"""A reviewer splits a document of a pile at a page or merges two neighbours; the facts are read again
from the words the pipeline kept, and the change is one audit line that survives a reload."""

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pile_support import drawn_dossier, text_pile
from test_review_support import logged_in, setup

from extractor.facts.extract import extract
from extractor.facts.segment import part_text
from extractor.reading.read import ReadOptions, read_document
from models.dossier import Dossier
from models.text import DocumentText
from review import db
from review.app import create_app
from review.corrections import ChangeError, replay
from review.restructure import merge_documents, split_document
from review.store import Store


@pytest.fixture(scope="module")
def pile(tmp_path_factory: pytest.TempPathFactory) -> DocumentText:
    """A contract, a passport and a work paper (one page each) in one text-layer PDF, read for real."""
    documents, _ = drawn_dossier(1)
    assert [d.printed.doc_type for d in documents[:3]] == ["republican_contract", "identity", "employment"]
    path = tmp_path_factory.mktemp("pile") / "lot.pdf"
    text_pile(path, documents[:3])
    return read_document(path, "lot.pdf", ReadOptions())


def _reextract(text: DocumentText):
    return lambda document, name, first, last: extract(part_text(text, first, last, name))


def _misread(text: DocumentText) -> Dossier:
    """The dossier as a pipeline that joined the contract and the passport would have written it."""
    documents = (extract(part_text(text, 1, 2, "lot.pdf#p1-2")), extract(part_text(text, 3, 3, "lot.pdf#p3-3")))
    return Dossier(dossier_id="R0002", application_date=date(2025, 6, 2), documents=documents)


def _types(dossier: Dossier) -> list[tuple[str, tuple[int, int], str]]:
    return [(d.file, d.pages, d.doc_type.value.value) for d in dossier.documents]


def test_a_split_reads_each_part_again_and_records_both_sides(pile):
    split, [edit] = split_document(_misread(pile), "lot.pdf#p1-2", 2, _reextract(pile))
    assert _types(split) == [
        ("lot.pdf#p1-1", (1, 1), "republican_contract"),
        ("lot.pdf#p2-2", (2, 2), "identity"),
        ("lot.pdf#p3-3", (3, 3), "employment"),
    ]
    assert split.documents[0] == extract(part_text(pile, 1, 1, "lot.pdf#p1-1"))
    assert edit.action == "split" and [d.file for d in edit.before] == ["lot.pdf#p1-2"]
    assert [d.file for d in edit.after] == ["lot.pdf#p1-1", "lot.pdf#p2-2"]
    assert replay(_misread(pile), [edit]) == (split, 0)


def test_merging_back_gives_the_document_as_first_read_and_a_whole_file_its_plain_name(pile):
    merged, _ = merge_documents(_misread(pile), "lot.pdf#p1-2", _reextract(pile))
    assert _types(merged) == [("lot.pdf", (1, 3), "republican_contract")]
    split, _ = split_document(merged, "lot.pdf", 3, _reextract(pile))
    assert split.documents == _misread(pile).documents


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d, r: split_document(d, "lot.pdf#p1-2", 1, r), "avant l'une des pages 2 à 2"),
        (lambda d, r: split_document(d, "lot.pdf#p3-3", 3, r), "qu'une page"),
        (lambda d, r: merge_documents(d, "lot.pdf#p3-3", r), "pas de document suivant"),
        (lambda d, r: merge_documents(d, "autre.pdf", r), "n'existe pas"),
    ],
)
def test_a_cut_that_cannot_be_made_says_why_in_french(pile, change, message):
    with pytest.raises(ChangeError, match=message):
        change(_misread(pile), _reextract(pile))


def _served(tmp_path: Path, pile: DocumentText, words: bool = True) -> tuple[Path, Path]:
    out, db_path = setup(tmp_path, _misread(pile))
    if words:
        (out / "R0002" / "pages" / f"{pile.sha256[:16]}-words.json").write_text(pile.model_dump_json())
    return out, db_path


def test_a_split_through_the_form_is_journaled_and_survives_a_restart(tmp_path, pile):
    out, db_path = _served(tmp_path, pile)
    client, csrf = logged_in(db_path, out)
    shown = client.get("/dossiers/R0002").text
    first, second = shown.split('id="doc-1"')[0], shown.split('id="doc-1"')[1].split('id="journal"')[0]
    assert 'value="split"' in first and 'value="merge"' in first and "(page 3)" in first
    assert 'value="split"' not in second and 'value="merge"' not in second  # one page, nothing after it
    form = {"csrf_token": csrf, "version": "1", "document": "lot.pdf#p1-2", "action": "split", "page": "2",
            "reason": "deux pièces distinctes"}
    assert client.post("/dossiers/R0002/changes", data=form, follow_redirects=False).status_code == 303
    page = client.get("/dossiers/R0002").text
    journal = page[page.index('id="journal"'):]
    assert "Scindé" in journal and "pages 1 à 2" in journal and "page 1 ; page 2" in journal
    [line] = client.get("/api/dossiers/R0002/audit").json()
    assert (line["action"], line["field"], line["reason"]) == ("split", "pages", "deux pièces distinctes")
    assert [d["file"] for d in line["after"]] == ["lot.pdf#p1-1", "lot.pdf#p2-2"]
    client, _ = logged_in(db_path, out)  # a new app on the same store replays the split
    again = Dossier.model_validate_json(client.get("/api/dossiers/R0002").text)
    assert [d.file for d in again.documents] == ["lot.pdf#p1-1", "lot.pdf#p2-2", "lot.pdf#p3-3"]


def test_a_merge_through_the_json_api_and_its_refusals(tmp_path, pile):
    out, db_path = _served(tmp_path, pile)
    client, csrf = logged_in(db_path, out)
    headers = {"X-CSRF-Token": csrf}
    body = {"action": "merge", "document": "lot.pdf#p1-2", "reason": "", "version": 1}
    no_reason = client.post("/api/dossiers/R0002/restructure", json=body, headers=headers)
    assert no_reason.status_code == 422 and "raison" in no_reason.json()["detail"]
    done = client.post("/api/dossiers/R0002/restructure", json={**body, "reason": "une seule pièce"}, headers=headers)
    assert done.status_code == 200 and [d["file"] for d in done.json()["documents"]] == ["lot.pdf"]
    stale = client.post("/api/dossiers/R0002/restructure", json={**body, "reason": "encore"}, headers=headers)
    assert stale.status_code == 409


def test_without_the_kept_words_a_split_is_refused_and_says_how_to_get_them(tmp_path, pile):
    out, db_path = _served(tmp_path, pile, words=False)
    client, csrf = logged_in(db_path, out)
    body = {"action": "split", "document": "lot.pdf#p1-2", "page": 2, "reason": "deux pièces", "version": 1}
    refused = client.post("/api/dossiers/R0002/restructure", json=body, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 422 and "aes process" in refused.json()["detail"]
    assert Store(db_path).get("R0002").version == 1


def test_a_store_made_before_splits_existed_keeps_its_journal_and_accepts_them(tmp_path, pile):
    old_schema = db.SCHEMA.replace(", 'split', 'merge'", "")
    assert old_schema != db.SCHEMA
    db_path = tmp_path / "old.db"
    with sqlite3.connect(db_path) as conn:
        conn.executescript(old_schema)
        conn.execute("INSERT INTO dossiers (id, original, current, queue) VALUES ('X', '{}', '{}', '{}')")
        conn.execute("INSERT INTO audit (dossier_id, version, at, user, document, field, action, reason)"
                     " VALUES ('X', 2, '2025-01-01T00:00:00+00:00', 'alice', 'a.pdf', 'issue_date', 'confirm', '')")
    db.init(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT id, user FROM audit").fetchall() == [(1, "alice")]
        conn.execute("INSERT INTO audit (dossier_id, version, at, user, document, field, action, reason)"
                     " VALUES ('X', 3, '2025-01-02T00:00:00+00:00', 'alice', 'a.pdf', 'pages', 'split', 'r')")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit")
    create_app(db_path, tmp_path)  # opens without complaint


def test_a_copy_of_a_document_that_was_cut_follows_the_paper(pile):
    """« copie.pdf », another scan of the contract, counted through the pile's first document: once that
    document is cut, the copy names the part that holds the contract, and counts again if none does."""
    copy = extract(part_text(pile, 1, 1, "copie.pdf")).model_copy(update={"duplicate_of": "lot.pdf#p1-2"})
    misread = _misread(pile)
    with_copy = misread.model_copy(update={"documents": (*misread.documents, copy)})
    split, [edit] = split_document(with_copy, "lot.pdf#p1-2", 2, _reextract(pile))
    assert [(d.file, d.duplicate_of) for d in split.documents] == [
        ("lot.pdf#p1-1", None), ("lot.pdf#p2-2", None), ("lot.pdf#p3-3", None), ("copie.pdf", "lot.pdf#p1-1"),
    ]
    assert replay(with_copy, [edit]) == (split, 0)
    merged, _ = merge_documents(split, "lot.pdf#p2-2", _reextract(pile))  # the passport joins the work paper
    assert merged.documents[-1].duplicate_of == "lot.pdf#p1-1"  # untouched: its paper is still there
    whole, _ = merge_documents(merged, "lot.pdf#p1-1", _reextract(pile))
    assert [d.file for d in whole.documents] == ["lot.pdf", "copie.pdf"]
    assert whole.documents[-1].duplicate_of is None  # the contract is no paper of its own any more
