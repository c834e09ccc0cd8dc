"""The document view's JSON twin and its keyboard actions, through the real app (TestClient, SQLite):
CSRF on every POST, confirm, correct, confirm the sure values, undo as an audit line, retype with a
preview, « relu », the admin's counts, words and sharper pictures from the kept words and the sources."""

import hashlib
import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pile_support import drawn_dossier, text_pile
from test_review_support import PASSWORD, logged_in, make_dossier, setup

from extractor.facts.extract import extract
from extractor.facts.segment import part_text
from extractor.reading.read import ReadOptions, read_document
from models.dossier import Dossier
from models.text import DocumentText
from review import accounts
from review.app import create_app
from review.document_api import SURE_REASON
from review.store import Store


def _act(client, csrf, **body):
    return client.post("/api/dossiers/R0001/act", json=body, headers={"X-CSRF-Token": csrf})


def _facts(view, file="tcf.pdf"):
    return {f["field"]: f for d in view["documents"] if d["file"] == file for f in d["facts"]}


def test_the_view_puts_doubt_first_and_every_action_needs_the_csrf_header(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"))
    client, csrf = logged_in(db_path, out)
    view = client.get("/api/dossiers/R0001/view").json()
    tcf = view["documents"][0]
    assert [f["field"] for f in tcf["facts"]][0] == "issue_date"  # 60 %, the least sure, first
    assert tcf["facts"][0]["bbox"] == [72.0, 100.0, 250.0, 116.0] and tcf["pictures"][0]["token"]
    assert tcf["doubtful"] == 1 and view["relu"] is False
    body = {"action": "confirm", "document": "tcf.pdf", "field": "issue_date", "version": view["version"]}
    assert client.post("/api/dossiers/R0001/act", json=body).status_code == 403
    assert client.post("/api/dossiers/R0001/act", json=body, headers={"X-CSRF-Token": "x"}).status_code == 403
    assert Store(db_path).audit("R0001") == []
    done = _act(client, csrf, **body)
    assert done.status_code == 200 and _facts(done.json())["issue_date"]["reviewed"]
    stale = _act(client, csrf, **body)
    assert stale.status_code == 409 and "version" in stale.json()["detail"]


def test_a_correction_undone_puts_the_reading_back_and_both_are_journaled(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"))
    accounts.add_user(db_path, "bob", PASSWORD)
    client, csrf = logged_in(db_path, out)
    corrected = _act(client, csrf, action="correct", document="tcf.pdf", field="issue_date", value="2024-09-16",
                     reason="relu", version=1)
    assert _facts(corrected.json())["issue_date"]["value"] == "2024-09-16"
    assert corrected.json()["undo"]["possible"] is True
    bob, bob_csrf = logged_in(db_path, out, "bob")
    refused = bob.post("/api/dossiers/R0001/act", json={"action": "undo", "version": 2}, headers={"X-CSRF-Token": bob_csrf})
    assert refused.status_code == 422 and "votre dernière action" in refused.json()["detail"]
    undone = _act(client, csrf, action="undo", version=2)
    fact = _facts(undone.json())["issue_date"]
    assert (fact["value"], fact["reviewed"], fact["percent"]) == ("2022-01-10", False, "60 %")
    lines = client.get("/api/dossiers/R0001/audit").json()
    assert [(a["action"], a["user"]) for a in lines] == [("undo", "alice"), ("correct", "alice")]
    assert lines[0]["new"]["value"] == "2022-01-10" and lines[0]["reason"] == "Annulation de la dernière action"
    assert _act(client, csrf, action="undo", version=3).status_code == 422  # an undo is not undone
    # A new app on the same store replays both lines: the reading as it was.
    again = Store(db_path)
    again.load(out)
    assert again.get("R0001").dossier.documents[0].issue_date.value == date(2022, 1, 10)


def test_confirming_the_sure_values_leaves_the_doubtful_one_and_is_audited(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"))
    client, csrf = logged_in(db_path, out)
    view = _act(client, csrf, action="confirm_sure", document="tcf.pdf", version=1).json()
    facts = _facts(view)
    assert {name for name, f in facts.items() if f["reviewed"]} == {"doc_type", "language.kind", "language.level"}
    lines = client.get("/api/dossiers/R0001/audit").json()
    assert {a["field"] for a in lines} == {"doc_type", "language.kind", "language.level"}
    assert {(a["action"], a["reason"], a["version"]) for a in lines} == {("confirm", SURE_REASON, 2)}
    assert _act(client, csrf, action="confirm_sure", document="tcf.pdf", version=2).status_code == 422
    # One undo takes back the whole group.
    back = _act(client, csrf, action="undo", version=2).json()
    assert not any(f["reviewed"] for f in _facts(back).values())


def test_a_dossier_is_relu_once_every_value_a_criterion_rests_on_is_reviewed(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"))
    client, csrf = logged_in(db_path, out)
    version = 1
    for doc in ("tcf.pdf", "pile.pdf#p2-3"):
        view = _act(client, csrf, action="confirm_sure", document=doc, version=version).json()
        version = view["version"]
    assert view["relu"] is False  # the TCF's date, at 60 %, is still to look at
    view = _act(client, csrf, action="confirm", document="tcf.pdf", field="issue_date", version=version).json()
    assert view["relu"] is True
    assert [e["relu"] for e in client.get("/api/dossiers").json()] == [True]
    assert "relu</span>" in client.get("/").text
    # A queue line written before « relu » existed is made again when OUT is loaded.
    with sqlite3.connect(db_path) as conn:
        line = json.loads(conn.execute("SELECT queue FROM dossiers").fetchone()[0])
        conn.execute("UPDATE dossiers SET queue = ?", (json.dumps({k: v for k, v in line.items() if k != "relu"}),))
    conn.close()
    assert [e.relu for e in Store(db_path).queue()] == [False]
    Store(db_path).load(out)
    assert [e.relu for e in Store(db_path).queue()] == [True]


def test_the_admin_page_counts_each_reviewer_and_is_the_admins_alone(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"))
    accounts.add_user(db_path, "chef", PASSWORD, "admin")
    client, csrf = logged_in(db_path, out)
    assert client.get("/admin").status_code == 403
    _act(client, csrf, action="confirm_sure", document="tcf.pdf", version=1)
    _act(client, csrf, action="correct", document="tcf.pdf", field="issue_date", value="2024-09-16", reason="r", version=2)
    _act(client, csrf, action="reject", document="pile.pdf#p2-3", field="issue_date", reason="r", version=3)
    _act(client, csrf, action="undo", version=4)
    admin, _ = logged_in(db_path, out, "chef")
    page = admin.get("/admin")
    assert page.status_code == 200
    row = page.text.split('data-user="alice"')[1].split("</tr>")[0]
    # Three sure values confirmed and one correction count; the rejection undone does not.
    assert '<td class="reviewed">4</td>' in row and '<td class="corrected">1</td>' in row


@pytest.fixture(scope="module")
def pile(tmp_path_factory: pytest.TempPathFactory) -> tuple[DocumentText, Path]:
    """A contract, a passport and a work paper in one text-layer PDF, read for real."""
    documents, _ = drawn_dossier(1)
    path = tmp_path_factory.mktemp("sources") / "R0002" / "lot.pdf"
    text_pile(path, documents[:3])
    return read_document(path, "lot.pdf", ReadOptions()), path


def _pile_out(tmp_path: Path, text: DocumentText, source: Path, words_in_cache: bool) -> tuple[Path, Path]:
    documents = tuple(extract(part_text(text, n, n, f"lot.pdf#p{n}-{n}")) for n in (1, 2, 3))
    out, db_path = setup(tmp_path, Dossier(dossier_id="R0002", application_date=date(2025, 6, 2), documents=documents))
    folder = out / ".cache" / f"{text.sha256}-reading" if words_in_cache else out / "R0002" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    name = "words.json" if words_in_cache else f"{text.sha256[:16]}-words.json"
    (folder / name).write_text(text.model_dump_json(), encoding="utf-8")
    entry = {"path": "R0002/lot.pdf", "sha256": hashlib.sha256(source.read_bytes()).hexdigest(), "status": "ok"}
    (out / "manifest.jsonl").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    return out, db_path


@pytest.mark.parametrize("words_in_cache", [False, True], ids=["beside-pages", "in-cache"])
def test_a_retype_shows_the_values_read_again_then_saves_them_as_one_line(tmp_path, pile, words_in_cache):
    text, source = pile
    out, db_path = _pile_out(tmp_path, text, source, words_in_cache)
    client, csrf = logged_in(db_path, out)
    preview = client.get("/api/dossiers/R0002/documents/2/as/payslip")
    assert preview.status_code == 200
    assert [f["value"] for f in preview.json()["facts"] if f["field"] == "doc_type"] == ["payslip"]
    assert Store(db_path).audit("R0002") == []  # nothing saved by a preview
    headers = {"X-CSRF-Token": csrf}
    body = {"action": "retype", "document": "lot.pdf#p3-3", "doc_type": "payslip", "version": 1}
    assert client.post("/api/dossiers/R0002/act", json=body, headers=headers).status_code == 422  # no reason
    saved = client.post("/api/dossiers/R0002/act", json={**body, "reason": "bulletin"}, headers=headers).json()
    assert saved["documents"][2]["type_label"] == "Bulletin de salaire"
    [line] = client.get("/api/dossiers/R0002/audit").json()
    assert line["action"] == "retype" and line["before"][0]["doc_type"]["value"] == "employment"
    words = client.get("/api/dossiers/R0002/documents/2/words", params={"page": 3}).json()
    assert words and all(len(w["b"]) == 4 for w in words)
    again = Store(db_path)
    again.load(out)
    assert again.get("R0002").dossier.documents[2].doc_type.value.value == "payslip"
    # Undone, the document is back as it was read, and a reload replays both lines.
    back = client.post("/api/dossiers/R0002/act", json={"action": "undo", "version": saved["version"]}, headers=headers)
    assert back.json()["documents"][2]["type_label"] == "Emploi (contrat, attestation)"
    again.load(out)
    assert again.get("R0002").dossier.documents[2].doc_type.value.value == "employment"


def _client(db_path: Path, out: Path, sources: Path) -> TestClient:
    """A logged-in client of an app that knows the folder `aes process` read."""
    client = TestClient(create_app(db_path, out, sources=sources))
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token})
    return client


def test_a_sharper_picture_is_made_from_the_source_on_demand(tmp_path, pile):
    text, source = pile
    out, db_path = _pile_out(tmp_path, text, source, False)
    client, _ = logged_in(db_path, out)  # an app not told where the sources are
    token = client.get("/api/dossiers/R0002/view").json()["documents"][0]["pictures"][0]["token"]
    missing = client.get(f"/pages/{token}/sharp")
    assert missing.status_code == 404 and "pas accessible à ce serveur" in missing.text
    sharp = _client(db_path, out, source.parents[1]).get(f"/pages/{token}/sharp")
    assert sharp.status_code == 200 and sharp.headers["content-type"] == "image/jpeg"
    [kept] = (db_path.parent / ".sharp").glob("*.jpg")
    with Image.open(kept) as picture:
        assert abs(picture.width - round(595 * 200 / 72)) <= 3  # 200 dpi of an A4 page


def test_a_manifest_line_never_leads_out_of_the_sources(tmp_path, pile):
    text, source = pile
    out, db_path = _pile_out(tmp_path, text, source, False)
    entry = json.loads((out / "manifest.jsonl").read_text())
    (out / "manifest.jsonl").write_text(json.dumps({**entry, "path": "../sources/R0002/lot.pdf"}) + "\n")
    client = _client(db_path, out, source.parents[1] / "R0002")
    token = client.get("/api/dossiers/R0002/view").json()["documents"][0]["pictures"][0]["token"]
    assert client.get(f"/pages/{token}/sharp").status_code == 404
