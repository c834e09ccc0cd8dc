"""Issue 17, cases 1 to 6: the review app probed as an attacker would, over a real server on loopback
(non-finite boxes, bodies large or unauthenticated, forged proxy headers, simultaneous guesses, lone
surrogates, a 500), and `aes review export` fed hostile dossier ids."""

import json
import socket
import sqlite3
import stat
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from anyio import to_thread
from fastapi.testclient import TestClient
from review_server import logged_in_client, login, served
from test_review_support import make_dossier, setup
from typer.testing import CliRunner

from models.dossier import Dossier
from review import accounts
from review.app import REQUEST_THREADS, create_app
from review.cli import review_app
from review.export import export
from review.guard import MAX_BODY_BYTES
from review.store import Store
from review.web import SECURITY_HEADERS


def correction(version: int = 1, **changes) -> dict:
    body = {"document": "tcf.pdf", "field": "issue_date", "value": "2024-09-16", "reason": "relu", "version": version}
    return {**body, **changes}


def post_raw(client: httpx.Client, csrf: str, text: str) -> httpx.Response:
    """A JSON body as typed, so that « 1e999 » or « \\ud800 » reach the server as an attacker sends them."""
    headers = {"Content-Type": "application/json", "X-CSRF-Token": csrf}
    return client.post("/api/dossiers/R0001/corrections", content=text.encode(), headers=headers)


def raw_request(base: str, head: str, timeout: float = 5.0) -> str:
    """Sends only a request's head over a socket and returns the first line of the answer: a server that
    waits for the body announced instead of answering makes this time out."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as conn:
        conn.sendall(head.encode())
        return conn.recv(4096).decode("latin-1").split("\r\n")[0]


# Case 1: a non-finite box.


def test_an_infinite_box_is_refused_by_the_api_and_the_form(tmp_path):
    out, db_path = setup(tmp_path)
    with served(db_path, out) as base:
        client, csrf = logged_in_client(base)
        text = json.dumps(correction(bbox=[0, 0, 1, 1])).replace("[0, 0, 1, 1]", "[0, 0, 1e999, 1e999]")
        response = post_raw(client, csrf, text)
        assert response.status_code == 422 and response.json()["error_code"] == "invalid_request"
        form = {"csrf_token": csrf, "version": "1", "document": "tcf.pdf", "action": "correct", "field": "issue_date",
                "value": "2024-09-16", "reason": "relu", "bbox": "0,0,inf,inf"}
        page = client.post("/dossiers/R0001/changes", data=form)
        assert page.status_code == 422 and "quatre nombres finis" in page.text
        assert client.get("/api/dossiers/R0001").status_code == 200
    assert Store(db_path).audit("R0001") == []


def test_an_audit_line_that_cannot_be_replayed_is_named_and_the_app_keeps_serving(tmp_path):
    out, db_path = setup(tmp_path)
    Store(db_path).load(out)
    # What the app stored before boxes had to be finite: JSON's null for infinity.
    poisoned = {"value": "2024-09-16", "confidence": 1.0, "reviewed": True,
                "provenance": {"page": 1, "bbox": [0.0, 0.0, None, None], "text": "", "source": "reviewer"}}
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO audit (dossier_id, version, at, user, document, field, action, old_value, new_value, reason)"
            " VALUES ('R0001', 2, '2025-06-02T10:00:00+00:00', 'alice', 'tcf.pdf', 'issue_date', 'correct', NULL, ?, 'x')",
            (json.dumps(poisoned),),
        )
    with served(db_path, out) as base:  # the load that used to stop `aes review serve`
        client, _ = logged_in_client(base)
        dossier = client.get("/api/dossiers/R0001")
        assert dossier.status_code == 200
        assert any("La ligne n° 1 du journal" in w for w in dossier.json()["warnings"])
        assert client.get("/dossiers/R0001").status_code == 200
        audit = client.get("/api/dossiers/R0001/audit")
        assert audit.status_code == 200 and audit.json()[0]["unreadable"] is True
    report = export(db_path, tmp_path / "export")
    assert report.dossiers == 1 and report.failed == []


# Case 2: bodies.


def test_a_body_announced_too_large_is_refused_before_it_is_read(tmp_path):
    out, db_path = setup(tmp_path)
    with served(db_path, out) as base:
        head = ("POST /api/dossiers/R0001/corrections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 209715200\r\n\r\n")
        assert raw_request(base, head).startswith("HTTP/1.1 413")


def test_a_post_without_a_session_is_refused_before_its_body_is_read(tmp_path):
    out, db_path = setup(tmp_path)
    with served(db_path, out) as base:
        head = ("POST /api/dossiers/R0001/corrections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 60000\r\n\r\n")
        assert raw_request(base, head).startswith("HTTP/1.1 401")


def test_a_streamed_body_past_the_limit_is_cut_and_a_long_reason_refused(tmp_path):
    out, db_path = setup(tmp_path)
    with served(db_path, out) as base:
        client, csrf = logged_in_client(base)
        chunks = (b"x" * 16384 for _ in range(MAX_BODY_BYTES // 16384 + 4))  # chunked: no Content-Length
        streamed = client.post("/api/dossiers/R0001/corrections", content=chunks,
                               headers={"X-CSRF-Token": csrf, "Content-Type": "application/json"})
        assert streamed.status_code == 413 and streamed.json()["error_code"] == "body_too_large"
        long_reason = post_raw(client, csrf, json.dumps(correction(reason="r" * 2001)))
        assert long_reason.status_code == 422
        assert post_raw(client, csrf, json.dumps(correction(reason="r" * 2000))).status_code == 200


# Case 3: the login limit.


def _lock_out(base: str, headers: dict | None = None) -> None:
    for _ in range(accounts.MAX_FAILURES):
        assert login(base, password="pas le bon mot de passe", headers=headers).status_code == 401


def test_x_forwarded_for_is_not_believed_unless_its_proxy_is_named(tmp_path):
    out, db_path = setup(tmp_path)
    with served(db_path, out) as base:
        _lock_out(base)
        forged = login(base, headers={"X-Forwarded-For": "10.9.9.9"})
        assert forged.status_code == 429
    with sqlite3.connect(db_path) as conn:
        assert {a for (a,) in conn.execute("SELECT DISTINCT address FROM login_failures")} == {"127.0.0.1"}
    with served(db_path, out, forwarded_allow_ips="127.0.0.1") as base:  # behind a proxy on this machine
        assert login(base, headers={"X-Forwarded-For": "10.9.9.9"}).status_code == 303


def test_simultaneous_wrong_passwords_pass_the_check_no_more_often_than_the_limit(tmp_path):
    _, db_path = setup(tmp_path)

    def guess(_: int) -> str:
        try:
            return "checked" if accounts.login(db_path, "alice", "pas le bon", "10.1.1.1") is None else "opened"
        except accounts.TooManyAttempts:
            return "refused"

    with ThreadPoolExecutor(max_workers=24) as pool:
        outcomes = list(pool.map(guess, range(24)))
    assert outcomes.count("checked") == accounts.MAX_FAILURES and "opened" not in outcomes


# Case 4: lone surrogates, and what a 500 looks like.


def test_a_lone_surrogate_in_a_correction_is_refused_in_french(tmp_path):
    out, db_path = setup(tmp_path)
    with served(db_path, out) as base:
        client, csrf = logged_in_client(base)
        for field in ("reason", "document", "value"):
            body = json.dumps(correction(**{field: "avant \ud800 après"}))  # ensure_ascii: sent as \ud800
            response = post_raw(client, csrf, body)
            assert response.status_code == 422, (field, response.text)
            assert response.json()["error_code"] == "invalid_request" and "string_unicode" in response.json()["detail"]
        assert client.get("/api/dossiers/R0001").json()["documents"][0]["issue_date"]["value"] == "2022-01-10"


def test_an_unforeseen_error_is_answered_in_french_with_a_reference_and_the_headers(tmp_path, caplog):
    out, db_path = setup(tmp_path)
    with served(db_path, out) as base:
        client, _ = logged_in_client(base)
        with sqlite3.connect(db_path) as conn:  # the store damaged under the running app
            conn.execute("DROP TABLE audit")
        response = client.get("/api/dossiers/R0001/audit")
        page = client.get("/dossiers/R0001")
    assert response.status_code == 500 and page.status_code == 500
    for answer in (response, page):
        assert all(answer.headers.get(name) == value for name, value in SECURITY_HEADERS.items())
    body = response.json()
    assert body["error_code"] == "internal_error" and "Erreur interne du serveur (référence " in body["detail"]
    reference = body["detail"].split("référence ")[1].split(")")[0]
    assert any(reference in record.getMessage() for record in caplog.records)
    assert "tcf.pdf" not in caplog.text and "R0001" not in caplog.text


# Cases 5 and 6: export.


def test_export_refuses_a_dossier_id_that_leaves_its_folder(tmp_path):
    out, db_path = setup(tmp_path)
    Store(db_path).load(out)
    evil = make_dossier("R0001").model_dump(mode="json", by_alias=True, exclude_none=True)
    for bad in ("../../x", str(tmp_path / "escape")):
        evil["dossier_id"] = bad
        with sqlite3.connect(db_path) as conn:  # a store filled before ids were checked
            conn.execute("INSERT INTO dossiers (id, original, current, queue) VALUES (?, ?, ?, '{}')",
                         (bad, json.dumps(evil), json.dumps(evil)))
    target = tmp_path / "a" / "b" / "export"
    result = CliRunner().invoke(review_app, ["export", str(target), "--db", str(db_path)])
    assert result.exit_code == 1 and "Non exporté : ../../x" in result.output
    assert not (tmp_path / "a" / "x").exists() and not (tmp_path / "escape").exists()
    assert (target / "R0001" / "dossier.json").is_file()
    with pytest.raises(ValueError):
        Dossier.model_validate({**evil, "dossier_id": ".."})


def test_a_dossier_json_whose_id_leaves_its_folder_is_not_loaded(tmp_path):
    out, db_path = setup(tmp_path)
    (out / "R0002").mkdir()
    text = make_dossier("R0002").to_json().replace('"R0002"', '"../../x"')
    (out / "R0002" / "dossier.json").write_text(text, encoding="utf-8")
    report = Store(db_path).load(out)
    assert [name for name, _ in report.failed] == ["R0002"]
    assert Store(db_path).ids() == ["R0001"]


def test_exported_files_and_folders_are_the_owners_alone(tmp_path):
    out, db_path = setup(tmp_path)
    create_app(db_path, out)
    target = tmp_path / "export"
    export(db_path, target, as_truth=True, include_unreviewed=True)
    written = [target, *target.rglob("*")]
    assert len(written) == 5  # export/, R0001/, R0001/dossier.json, truth/, truth/R0001.json
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_a_reviewer_reading_for_a_while_keeps_the_connection(tmp_path):
    """uvicorn closed an idle connection after 5 s, and a request sent as it closed was lost (seen under
    load in bench/review_load.py); a reviewer's connection stays open while they read a page."""
    out, db_path = setup(tmp_path)
    with served(db_path, out) as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            request = f"GET /login HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
            conn.sendall(request)
            assert conn.recv(65536).startswith(b"HTTP/1.1 200")
            time.sleep(6)
            conn.sendall(request)
            assert conn.recv(65536).startswith(b"HTTP/1.1 200")


def test_the_app_runs_its_requests_on_a_few_threads(tmp_path):
    """Forty threads made a correction holding the write lock wait for the GIL behind all of them
    (bench/review_load.py: p95 about 370 ms with them, about 200 ms with eight)."""
    out, db_path = setup(tmp_path)
    with TestClient(create_app(db_path, out)) as client:
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == REQUEST_THREADS
