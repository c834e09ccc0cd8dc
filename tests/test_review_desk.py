"""The desk's papers in the review app: the request as reviewers leave it, audited, and printed."""

import sqlite3
from datetime import date

import pytest
from fastapi.testclient import TestClient
from test_review_support import logged_in, make_dossier, setup

from models.desk import Inventory, InventoryLine
from review.app import create_app
from review.desk import PRINT_CSP


def _with_inventory(tmp_path):
    """OUT with R0001, the inventory the batch would have written (one file unreadable) and its report."""
    out, db_path = setup(tmp_path)
    inventory = Inventory(dossier_id="R0001", application_date=date(2025, 6, 2), made_on=date(2025, 6, 2), lines=(
        InventoryLine(number=1, file="flou.jpg", state="unreadable", note="L'image est vide."),
        InventoryLine(number=2, file="pile.pdf#p2-3", state="read", doc_type="republican_contract", pages=(2, 3)),
        InventoryLine(number=3, file="tcf.pdf", state="read", doc_type="language_certificate", pages=(1, 1)),
    ))
    (out / "R0001" / "inventory.json").write_text(inventory.model_dump_json(), encoding="utf-8")
    (out / "R0001" / "report.html").write_text("<html><head><title>r</title></head><body><h1>Dossier R0001</h1>"
                                               "</body></html>", encoding="utf-8")
    return out, db_path


def _keys(html: str) -> list[str]:
    import re

    return re.findall(r'class="document request-line" data-key="([^"]+)"', html)


def _edit(client, csrf, version, action, key="", text="", reason="relu avec la personne"):
    return client.post("/dossiers/R0001/request/edits", data={
        "csrf_token": csrf, "version": str(version), "action": action, "key": key, "text": text, "reason": reason})


def test_the_request_page_asks_what_the_corrected_dossier_lacks(tmp_path):
    out, db_path = _with_inventory(tmp_path)
    client, _ = logged_in(db_path, out)
    assert 'href="/dossiers/R0001/request"' in client.get("/dossiers/R0001").text
    page = client.get("/dossiers/R0001/request")
    assert page.status_code == 200
    keys = _keys(page.text)
    assert "identity_missing" in keys and "language_expired" in keys and "unreadable_file:flou.jpg" in keys
    assert "presence_semester:2022-S2" in keys and "presence_semester:2022-S1" not in keys  # the TCF is of 01/2022
    assert "contract_missing" not in keys  # signed, in the pile


def test_a_reviewer_changes_removes_and_adds_lines_each_audited_and_kept_on_reload(tmp_path):
    out, db_path = _with_inventory(tmp_path)
    client, csrf = logged_in(db_path, out)
    assert _edit(client, csrf, 0, "change", "identity_missing", "Votre passeport.").status_code == 200
    assert _edit(client, csrf, 1, "remove", "presence_semester:2022-S2").status_code == 200
    done = _edit(client, csrf, 2, "add", text="Une attestation d'hébergement.")
    assert done.status_code == 200 and "Modification enregistrée." in done.text
    keys = _keys(done.text)
    assert "presence_semester:2022-S2" not in keys and keys[-1].startswith("reviewer:")
    assert "Votre passeport." in done.text and "modifiée" in done.text
    journal = done.text[done.text.index('id="journal"'):]
    assert journal.count('class="audit-line"') == 3 and "alice" in journal and "relu avec la personne" in journal
    assert "Une pièce d&#39;identité" in journal  # the words before the change
    again, _ = logged_in(db_path, out)  # a new app on the same store: the edits are replayed
    assert _keys(again.get("/dossiers/R0001/request").text) == keys
    with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE request_edits SET reason = 'autre'")


def test_an_edit_without_reason_on_a_stale_page_or_without_csrf_is_refused(tmp_path):
    out, db_path = _with_inventory(tmp_path)
    client, csrf = logged_in(db_path, out)
    refused = _edit(client, csrf, 0, "remove", "identity_missing", reason=" ")
    assert refused.status_code == 422 and "Indiquez la raison" in refused.text
    assert _edit(client, csrf, 0, "add", text="", reason="x").status_code == 422
    assert _edit(client, csrf, 0, "remove", "presence_semester:1999-S1").status_code == 422
    assert _edit(client, csrf, 0, "remove", "identity_missing").status_code == 200
    stale = _edit(client, csrf, 0, "remove", "language_expired")
    assert stale.status_code == 409 and "modifiée par une autre personne" in stale.text
    assert _edit(client, "pas le jeton", 1, "remove", "language_expired").status_code == 403
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM request_edits").fetchone()[0] == 1


def test_a_correction_that_covers_a_semester_takes_its_line_away(tmp_path):
    out, db_path = _with_inventory(tmp_path)
    client, csrf = logged_in(db_path, out)
    assert _edit(client, csrf, 0, "change", "presence_semester:2023-S1", "Une fiche de paie de 2023.").status_code == 200
    before = _keys(client.get("/dossiers/R0001/request").text)
    assert "presence_semester:2023-S1" in before
    # The reviewer reads the TCF's date again, 15/03/2023: it is now the first proof, and covers 2023-S1.
    corrected = client.post("/dossiers/R0001/changes", data={
        "csrf_token": csrf, "version": "1", "document": "tcf.pdf", "action": "correct", "field": "issue_date",
        "value": "2023-03-15", "reason": "Date relue"})
    assert corrected.status_code == 200
    after = _keys(client.get("/dossiers/R0001/request").text)
    assert "presence_semester:2023-S1" not in after and "presence_semester:2022-S2" not in after


def test_each_paper_prints_from_its_own_page_under_a_strict_policy(tmp_path):
    out, db_path = _with_inventory(tmp_path)
    client, csrf = logged_in(db_path, out)
    _edit(client, csrf, 0, "change", "identity_missing", "Votre passeport <b>valide</b>.")
    request = client.get("/dossiers/R0001/request/print")
    assert request.status_code == 200 and request.headers["content-security-policy"] == PRINT_CSP
    assert '<button type="button" id="print">Imprimer</button>' in request.text
    assert "Demande de pièces complémentaires" in request.text
    assert "Votre passeport &lt;b&gt;valide&lt;/b&gt;." in request.text
    inventory = client.get("/dossiers/R0001/inventory/print")
    assert "Bordereau des pièces reçues" in inventory.text and "illisible — à rescanner" in inventory.text
    assert inventory.text.count('<tr class="line"') == 3
    assert "Dossier R0001" in client.get("/dossiers/R0001/report/print").text
    (out / "R0001" / "report.html").unlink()
    assert client.get("/dossiers/R0001/report/print").status_code == 404
    assert client.get("/dossiers/R9999/request/print").status_code == 404
    anonymous = TestClient(create_app(db_path, out), follow_redirects=False)
    for kind in ("request", "inventory", "report"):
        assert anonymous.get(f"/dossiers/R0001/{kind}/print").status_code == 303


def test_a_dossier_without_an_inventory_file_still_gets_its_papers(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"))
    client, _ = logged_in(db_path, out)
    inventory = client.get("/dossiers/R0001/inventory/print")
    assert inventory.status_code == 200 and inventory.text.count('<tr class="line"') == 2
