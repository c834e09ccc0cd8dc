"""The review app over HTTP, in process: access control, CSRF, escaping, concurrency, persistence."""

import re
import sqlite3

import pytest
from fastapi.testclient import TestClient
from test_review_support import PASSWORD, csrf_of, logged_in, make_dossier, setup, write_out

import criteria
from models.dossier import Dossier
from review.app import create_app
from review.export import export
from review.store import Store


def correction(version: int, value="2024-09-16", field="issue_date", reason="Date relue sur l'original") -> dict:
    return {"document": "tcf.pdf", "field": field, "value": value, "reason": reason, "version": version}


def test_without_a_session_no_dossier_data_is_served(tmp_path):
    out, db_path = setup(tmp_path)
    client = TestClient(create_app(db_path, out), follow_redirects=False)
    token = next(iter(Store(db_path).pages("R0001").values())).token
    for path in ("/", "/dossiers/R0001", f"/pages/{token}"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login")
        assert "R0001" not in response.text and "tcf.pdf" not in response.text
    for path in ("/api/dossiers", "/api/dossiers/R0001", "/api/dossiers/R0001/audit"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert "tcf.pdf" not in response.text
    assert client.post("/api/dossiers/R0001/corrections", json=correction(1)).status_code == 401
    assert Store(db_path).get("R0001").version == 1


def test_a_wrong_password_or_name_opens_no_session(tmp_path):
    out, db_path = setup(tmp_path)
    client = TestClient(create_app(db_path, out), follow_redirects=False)
    for name, password in (("alice", "pas le bon mot de passe"), ("mallory", PASSWORD)):
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        response = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
        assert response.status_code == 401
        assert "Identifiant ou mot de passe incorrect" in response.text
        assert "aes_session" not in client.cookies
        assert client.get("/api/dossiers").status_code == 401
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_a_session_cookie_is_httponly_strict_and_ends_at_logout(tmp_path):
    out, db_path = setup(tmp_path)
    client = TestClient(create_app(db_path, out), follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token})
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("aes_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=28800" in cookie
    csrf = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 303
    # The old cookie value no longer opens anything, even if a client kept it.
    stolen = cookie.split(";")[0].split("=", 1)[1]
    again = TestClient(create_app(db_path, out), follow_redirects=False, cookies={"aes_session": stolen})
    assert again.get("/api/dossiers").status_code == 401


def test_an_expired_session_is_refused(tmp_path):
    out, db_path = setup(tmp_path)
    client, _ = logged_in(db_path, out)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00'")
    assert client.get("/api/dossiers").status_code == 401


def test_a_post_without_the_csrf_token_is_refused(tmp_path):
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    form = {
        "version": "1",
        "document": "tcf.pdf",
        "field": "issue_date",
        "action": "correct",
        "value": "2024-09-16",
        "reason": "relu",
    }
    assert client.post("/dossiers/R0001/changes", data=form).status_code == 403
    assert client.post("/dossiers/R0001/changes", data={**form, "csrf_token": "forged"}).status_code == 403
    assert client.post("/api/dossiers/R0001/corrections", json=correction(1)).status_code == 403
    response = client.post("/api/dossiers/R0001/corrections", json=correction(1), headers={"X-CSRF-Token": "x"})
    assert response.status_code == 403
    assert client.post("/logout").status_code == 403
    assert Store(db_path).get("R0001").version == 1 and Store(db_path).audit("R0001") == []
    # The same form with the token goes through.
    response = client.post("/dossiers/R0001/changes", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303


def test_login_returns_only_to_a_local_page(tmp_path):
    out, db_path = setup(tmp_path)
    client = TestClient(create_app(db_path, out), follow_redirects=False)
    for target, expected in (
        ("/dossiers/R0001", "/dossiers/R0001"),
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
    ):
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        response = client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token, "next": target})
        assert response.headers["location"] == expected, target


def test_login_itself_needs_its_csrf_token(tmp_path):
    out, db_path = setup(tmp_path)
    client = TestClient(create_app(db_path, out), follow_redirects=False)
    client.get("/login")
    response = client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": "guess"})
    assert response.status_code == 403
    assert "aes_session" not in client.cookies


def test_document_text_is_escaped_and_pages_carry_a_csp(tmp_path):
    hostile = make_dossier(tcf_text='<script>alert("x")</script><img src=x onerror=alert(1)>')
    out, db_path = setup(tmp_path, hostile)
    client, _ = logged_in(db_path, out)
    response = client.get("/dossiers/R0001")
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in response.text
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    # The only scripts are files of the app itself.
    assert re.findall(r"<script[^>]*>", response.text) == ['<script src="/static/review.js" defer>']


def test_a_correction_on_a_stale_version_gets_409_and_a_french_message(tmp_path):
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    headers = {"X-CSRF-Token": csrf}
    first = client.post("/api/dossiers/R0001/corrections", json=correction(1), headers=headers)
    assert first.status_code == 200 and first.headers["x-dossier-version"] == "2"
    stale = client.post("/api/dossiers/R0001/corrections", json=correction(1, "2023-01-01"), headers=headers)
    assert stale.status_code == 409
    assert "modifié par une autre personne" in stale.json()["detail"]
    assert "n'a pas été enregistrée" in stale.json()["detail"]
    assert stale.json()["current_version"] == 2
    # The HTML form says it too, and shows the dossier as it now is.
    form = {
        "csrf_token": csrf,
        "version": "1",
        "document": "tcf.pdf",
        "field": "issue_date",
        "action": "correct",
        "value": "2023-01-01",
        "reason": "autre relecture",
    }
    page = client.post("/dossiers/R0001/changes", data=form)
    assert page.status_code == 409
    assert "modifié par une autre personne" in page.text and "16/09/2024" in page.text
    assert "Votre saisie : « Date d&#39;émission » = « 2023-01-01 »" in page.text
    stored = Store(db_path).get("R0001")
    assert stored.version == 2 and str(stored.dossier.documents[0].issue_date.value) == "2024-09-16"
    assert len(Store(db_path).audit("R0001")) == 1


def test_a_correction_is_audited_recomputes_the_criteria_and_marks_the_value_reviewed(tmp_path):
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    before = client.get("/api/dossiers/R0001").json()
    response = client.post("/api/dossiers/R0001/corrections", json=correction(1), headers={"X-CSRF-Token": csrf})
    after = Dossier.model_validate_json(response.text)
    issue = after.documents[0].issue_date
    assert issue.reviewed and issue.provenance.source == "reviewer" and issue.confidence == 1.0
    assert issue.provenance.bbox == tuple(before["documents"][0]["issue_date"]["provenance"]["bbox"])
    assert after.assessment == criteria.assess(after)
    assert after.assessment != Dossier.model_validate(before).assessment
    (line,) = client.get("/api/dossiers/R0001/audit").json()
    assert (line["user"], line["field"], line["action"], line["reason"]) == (
        "alice",
        "issue_date",
        "correct",
        "Date relue sur l'original",
    )
    assert (line["old"]["value"], line["new"]["value"], line["version"]) == ("2022-01-10", "2024-09-16", 2)
    page = client.get("/dossiers/R0001").text
    journal = page[page.index('id="journal"') :]
    assert "alice" in journal and "10/01/2022" in journal and "16/09/2024" in journal and "Corrigé" in journal


def test_reject_add_and_change_of_type_through_the_forms(tmp_path):
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    base = {"csrf_token": csrf, "document": "tcf.pdf"}
    steps = [
        {"field": "language.level", "action": "reject", "reason": "niveau illisible"},
        {
            "field": "language.level",
            "action": "add",
            "value": "B2",
            "page": "1",
            "bbox": "72,160,120,176",
            "reason": "lu sur la page",
        },
        {"field": "doc_type", "action": "correct", "value": "french_diploma", "reason": "c'est un diplôme"},
        {"field": "issue_date", "action": "confirm"},
    ]
    for version, step in enumerate(steps, start=1):
        response = client.post("/dossiers/R0001/changes", data={**base, **step, "version": str(version)}, follow_redirects=False)
        assert response.status_code == 303, response.text
    doc = Store(db_path).get("R0001").dossier.documents[0]
    assert doc.language.level.value == "B2" and doc.language.level.provenance.bbox == (72.0, 160.0, 120.0, 176.0)
    assert doc.doc_type.value.value == "french_diploma" and doc.issue_date.reviewed
    actions = [(e.field, e.action) for e in reversed(Store(db_path).audit("R0001"))]
    assert actions == [
        ("language.level", "reject"),
        ("language.level", "add"),
        ("doc_type", "correct"),
        ("issue_date", "confirm"),
    ]


def test_a_bad_value_or_a_missing_reason_is_refused_in_french(tmp_path):
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    headers = {"X-CSRF-Token": csrf}
    bad = client.post("/api/dossiers/R0001/corrections", json=correction(1, "16/09/2024"), headers=headers)
    assert bad.status_code == 422 and "date AAAA-MM-JJ" in bad.json()["detail"]
    no_reason = client.post("/api/dossiers/R0001/corrections", json=correction(1, reason=" "), headers=headers)
    assert no_reason.status_code == 422 and "raison" in no_reason.json()["detail"]
    assert Store(db_path).get("R0001").version == 1


def test_page_images_are_served_by_opaque_token_only(tmp_path):
    out, db_path = setup(tmp_path)
    client, _ = logged_in(db_path, out)
    page = client.get("/dossiers/R0001").text
    tokens = re.findall(r'src="/pages/([^"]+)"', page)
    assert len(tokens) == 3  # tcf.pdf p1, pile.pdf p2 and p3
    image = client.get(f"/pages/{tokens[0]}")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content[:2] == b"\xff\xd8"
    assert client.get("/pages/..%2Freview.db").status_code == 404
    assert client.get("/pages/R0001/pages").status_code == 404


def test_a_correction_survives_a_restart_and_appears_in_the_export(tmp_path):
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    client.post("/api/dossiers/R0001/corrections", json=correction(1), headers={"X-CSRF-Token": csrf})
    client.close()
    restarted, _ = logged_in(db_path, out)  # create_app re-loads OUT into the same store
    served = restarted.get("/api/dossiers/R0001")
    assert served.json()["documents"][0]["issue_date"]["value"] == "2024-09-16"
    assert served.json()["documents"][0]["issue_date"]["reviewed"] is True
    assert served.headers["x-dossier-version"] == "2"
    report = export(db_path, tmp_path / "export")
    exported = Dossier.model_validate_json((tmp_path / "export" / "R0001" / "dossier.json").read_text())
    assert report.dossiers == 1 and str(exported.documents[0].issue_date.value) == "2024-09-16"


def test_a_reprocessed_out_keeps_the_corrections(tmp_path):
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    client.post("/api/dossiers/R0001/corrections", json=correction(1), headers={"X-CSRF-Token": csrf})
    write_out(out, make_dossier(tcf_confidence=0.7))  # the pipeline ran again, read slightly better
    again, _ = logged_in(db_path, out)
    served = again.get("/api/dossiers/R0001")
    assert served.json()["documents"][0]["issue_date"]["value"] == "2024-09-16"
    assert served.headers["x-dossier-version"] == "3"


def test_the_audit_table_refuses_update_and_delete(tmp_path):
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    client.post("/api/dossiers/R0001/corrections", json=correction(1), headers={"X-CSRF-Token": csrf})
    with sqlite3.connect(db_path) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit SET user = 'mallory'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit")
        assert conn.execute("SELECT user FROM audit").fetchall() == [("alice",)]


def test_the_queue_puts_the_weakest_evidence_first(tmp_path):
    sure, doubtful = make_dossier("R0001", tcf_confidence=0.95), make_dossier("R0002", tcf_confidence=0.3)
    out, db_path = setup(tmp_path, sure, doubtful)
    client, _ = logged_in(db_path, out)
    entries = client.get("/api/dossiers").json()
    # Precondition: a criterion rests on the TCF's issue date, the only fact that differs.
    assert "tcf.pdf#issue_date" in {ref for c in criteria.assess(doubtful).criteria for ref in c.evidence}
    assert [e["dossier_id"] for e in entries] == ["R0002", "R0001"]
    assert (entries[0]["weakest_confidence"], entries[0]["weakest_ref"]) == (0.3, "tcf.pdf#issue_date")
    page = client.get("/").text
    assert page.index("R0002") < page.index("R0001")


def _try_login(client: TestClient, name: str, password: str):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


def test_password_guessing_is_refused_after_five_failures_and_the_window_frees_it(tmp_path):
    out, db_path = setup(tmp_path)
    client = TestClient(create_app(db_path, out), follow_redirects=False)
    for _ in range(5):
        assert _try_login(client, "alice", "pas le bon mot de passe").status_code == 401
    refused = _try_login(client, "alice", PASSWORD)  # even the right password: no more tries from here
    assert refused.status_code == 429
    assert "essais de connexion manqués" in refused.text and int(refused.headers["Retry-After"]) >= 60
    assert "aes_session" not in client.cookies
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
        # The failures age out of the window: the reviewer logs in, and her failures are forgotten.
        conn.execute("UPDATE login_failures SET at = '2000-01-01T00:00:00+00:00'")
    assert _try_login(client, "alice", PASSWORD).status_code == 303
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM login_failures WHERE name = 'alice'").fetchone()[0] == 0


def test_guessing_across_names_from_one_address_is_refused_too(tmp_path):
    out, db_path = setup(tmp_path)
    client = TestClient(create_app(db_path, out), follow_redirects=False)
    for n in range(20):
        assert _try_login(client, f"agent{n}", "pas le bon mot de passe").status_code == 401
    assert _try_login(client, "alice", PASSWORD).status_code == 429
