"""The review app served for real on loopback, as `aes review serve` serves it (review.cli.server_config),
on a free port, in a thread of the test process or as the command itself; and a client logged in to it
over HTTP."""

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from test_review_support import PASSWORD

from review.app import create_app
from review.cli import server_config


@contextmanager
def served(db_path: Path, out: Path, forwarded_allow_ips: str = "") -> Iterator[str]:
    """The base URL of the app serving OUT with the store at db_path; stopped on leaving."""
    server = uvicorn.Server(server_config(create_app(db_path, out), "127.0.0.1", 0, forwarded_allow_ips))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def served_by_the_command(out: Path, *options: str) -> Iterator[str]:
    """`aes review serve OUT` on port 0, in a process of its own: the system gives it a free port, which
    uvicorn's log names; the base URL, the server stopped on leaving."""
    command = [sys.executable, "-c", "from review.cli import review_app; review_app()", "serve", str(out), *options,
               "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    listening = threading.Event()

    def read_log() -> None:  # drained to the end, or the server would block on a full pipe
        for line in process.stderr:
            log.append(line)
            if re.search(r"running on http://127\.0\.0\.1:\d+", line):
                listening.set()

    threading.Thread(target=read_log, daemon=True).start()
    try:
        deadline = time.monotonic() + 120  # only against a hang
        while not listening.wait(0.1):
            assert process.poll() is None, "the review server stopped: " + "".join(log)
            assert time.monotonic() < deadline, "the review server did not start: " + "".join(log)
        yield "http://127.0.0.1:" + re.search(r"running on http://127\.0\.0\.1:(\d+)", "".join(log)).group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)


def login(base: str, user: str = "alice", password: str = PASSWORD, headers: dict | None = None) -> httpx.Response:
    """One login over HTTP from a fresh client: the form, its CSRF cookie and token, the POST."""
    with httpx.Client(base_url=base) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        return client.post(
            "/login", data={"name": user, "password": password, "csrf_token": token}, headers=headers or {}
        )


def logged_in_client(base: str) -> tuple[httpx.Client, str]:
    """A client holding a session, and the CSRF token its API posts carry."""
    client = httpx.Client(base_url=base, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    page = client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token}, follow_redirects=True)
    assert page.status_code == 200, page.text
    return client, re.search(r'<meta name="csrf_token" content="([^"]+)"', page.text).group(1)
