"""The review app under load, on loopback only: `aes review serve` started for real (port 0) on a set of
generated dossiers, then reviewers at once, each with their own account and session, sending a bounded
mix of views and corrections; it stops by itself after `--requests` or `--max-seconds`.

    .venv/bin/python bench/review_load.py [--reviewers 50] [--requests 2000] [--dossiers 40]
        [--max-seconds 300]

Mix per request: 35 % a dossier as JSON, 20 % its HTML page, 10 % the queue, 10 % its audit, 25 % a
correction (the dossier's date read again, a reason unique to the request; a 409 on a stale version is
answered by reading the dossier again, as a reviewer would). Printed: the statuses, 5xx, latency
percentiles, the server's peak memory (RSS, sampled every 50 ms), and whether every correction answered
200 is in the audit afterwards (no lost correction). The bar: no 5xx, none lost, p95 < 300 ms, < 400 MB.
"""

import argparse
import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_review_support import make_dossier, write_out  # noqa: E402

from review import accounts  # noqa: E402
from review.store import Store  # noqa: E402

HOST = "127.0.0.1"  # loopback only: this bench never sends a request elsewhere
PASSWORD = "un mot de passe de banc d'essai"


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    saved_reasons: set[str] = field(default_factory=set)
    sent: int = 0
    load_started: float = 0.0
    """When the last reviewer had logged in and the measured mix began."""
    server_pid: int = 0
    server_cpu_at_start: float = 0.0
    client_cpu: float = 0.0

    def record(self, kind: str, seconds: float, status: int) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1


def _dossiers(out: Path, count: int) -> list[str]:
    ids = [f"L{number:04d}" for number in range(count)]
    start = date(2021, 1, 4)
    write_out(out, *(make_dossier(i, (start + timedelta(days=7 * n)).isoformat()) for n, i in enumerate(ids)))
    return ids


def _serve(out: Path, db: Path) -> tuple[subprocess.Popen, str]:
    """`aes review serve` on a free port of loopback; its address once it listens."""
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "aes"), "review", "serve", str(out), "--db", str(db), "--host", HOST, "--port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    for line in server.stderr:
        if match := re.search(rf"Uvicorn running on (http://{re.escape(HOST)}:\d+)", line):
            threading.Thread(target=server.stderr.read, daemon=True).start()  # keep its pipe drained
            return server, match.group(1)
        if time.monotonic() > deadline:
            break
    server.kill()
    raise SystemExit("the server did not start")


def _sample_memory(pid: int, stop: threading.Event, peak: list[int]) -> None:
    process = psutil.Process(pid)
    while not stop.is_set():
        try:
            peak[0] = max(peak[0], process.memory_info().rss)
        except psutil.Error:
            return
        time.sleep(0.05)


async def _login(client: httpx.AsyncClient, name: str) -> str:
    form = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    page = await client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token}, follow_redirects=True)
    return re.search(r'<meta name="csrf_token" content="([^"]+)"', page.text).group(1)


async def _reviewer(
    number: int, client: httpx.AsyncClient, csrf: str, ids: list[str], budget: list[int], deadline: float, tally: Tally
) -> None:
    rng = random.Random(number)
    try:
        versions: dict[str, int] = {}
        while budget[0] > 0 and time.monotonic() < deadline:
            budget[0] -= 1
            dossier_id, roll = rng.choice(ids), rng.random()
            started = time.perf_counter()
            if roll < 0.25:
                kind = "correction"
                reason = f"relu par relecteur{number}, requête {tally.sent}"
                body = {"document": "tcf.pdf", "field": "issue_date", "reason": reason,
                        "value": (date(2020, 1, 1) + timedelta(days=rng.randrange(1500))).isoformat(),
                        "version": versions.get(dossier_id, 1)}
                response = await client.post(f"/api/dossiers/{dossier_id}/corrections", json=body,
                                             headers={"X-CSRF-Token": csrf})
                if response.status_code == 200:
                    tally.saved_reasons.add(reason)
                    versions[dossier_id] = int(response.headers["X-Dossier-Version"])
                elif response.status_code == 409:
                    versions[dossier_id] = response.json()["current_version"]
            elif roll < 0.60:
                kind, response = "dossier_json", await client.get(f"/api/dossiers/{dossier_id}")
                versions[dossier_id] = int(response.headers.get("X-Dossier-Version", 0))
            elif roll < 0.80:
                kind, response = "dossier_page", await client.get(f"/dossiers/{dossier_id}")
            elif roll < 0.90:
                kind, response = "queue", await client.get("/api/dossiers")
            else:
                kind, response = "audit", await client.get(f"/api/dossiers/{dossier_id}/audit")
            tally.sent += 1
            tally.record(kind, time.perf_counter() - started, response.status_code)
    finally:
        await client.aclose()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reviewers", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--dossiers", type=int, default=40)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aes-review-load-") as folder:
        out, db = Path(folder) / "out", Path(folder) / "review.db"
        ids = _dossiers(out, args.dossiers)
        for number in range(args.reviewers):
            accounts.add_user(db, f"relecteur{number}", PASSWORD)
        server, base = _serve(out, db)
        at_rest = psutil.Process(server.pid).memory_info().rss
        stop, peak = threading.Event(), [0]
        sampler = threading.Thread(target=_sample_memory, args=(server.pid, stop, peak), daemon=True)
        sampler.start()
        tally, budget = Tally(server_pid=server.pid), [args.requests]
        started = time.monotonic()
        try:
            asyncio.run(_run(args, base, ids, budget, started + args.max_seconds, tally))
        finally:
            elapsed = time.monotonic() - (tally.load_started or started)
            server_cpu = sum(psutil.Process(server.pid).cpu_times()[:2]) - tally.server_cpu_at_start
            stop.set()
            server.send_signal(signal.SIGINT)
            server.wait(30)
        audited = {entry.reason for dossier_id in ids for entry in Store(db).audit(dossier_id)}
    print(f"server memory at rest, its dossiers loaded: {at_rest / 2**20:.0f} MB")
    _report(tally, elapsed, peak[0], audited)
    print(f"CPU per request: server {1000 * server_cpu / max(tally.sent, 1):.1f} ms, this client "
          f"{1000 * tally.client_cpu / max(tally.sent, 1):.1f} ms; machine load average {os.getloadavg()[0]:.1f}")


async def _run(args: argparse.Namespace, base: str, ids: list[str], budget: list[int], deadline: float, tally: Tally) -> None:
    # Reviewers log in one after another, as a morning does, before the measure: logins in flight from one
    # address count towards its limit until their password is checked (review/accounts.py).
    sessions = []
    for number in range(args.reviewers):
        client = httpx.AsyncClient(base_url=base, timeout=30)
        sessions.append((client, await _login(client, f"relecteur{number}")))
    tally.load_started = time.monotonic()
    tally.server_cpu_at_start = sum(psutil.Process(tally.server_pid).cpu_times()[:2])
    client_cpu = time.process_time()
    await asyncio.gather(
        *(_reviewer(n, client, csrf, ids, budget, deadline, tally) for n, (client, csrf) in enumerate(sessions))
    )
    tally.client_cpu = time.process_time() - client_cpu


def _report(tally: Tally, elapsed: float, peak_rss: int, audited: set[str]) -> None:
    every = [v for values in tally.latencies.values() for v in values]
    errors = sum(count for status, count in tally.statuses.items() if status >= 500)
    lost = tally.saved_reasons - audited
    print(f"machine: {os.cpu_count()} cores (shared); {tally.sent} requests in {elapsed:.1f} s "
          f"({tally.sent / elapsed:.0f}/s)")
    print(f"statuses: {dict(sorted(tally.statuses.items()))}; 5xx: {errors}")
    print(f"{'kind':<14} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for kind, values in sorted(tally.latencies.items()) + [("all", every)]:
        print(f"{kind:<14} {len(values):>5} {1000 * _percentile(values, 0.5):>7.0f} {1000 * _percentile(values, 0.95):>7.0f}"
              f" {1000 * _percentile(values, 0.99):>7.0f} {1000 * max(values, default=0):>7.0f}")
    print(f"corrections saved (200): {len(tally.saved_reasons)}; missing from the audit: {len(lost)}")
    print(f"server peak memory (RSS): {peak_rss / 2**20:.0f} MB")
    p95 = _percentile(every, 0.95)
    bar = errors == 0 and not lost and p95 < 0.3 and peak_rss < 400 * 2**20
    print(f"bar (no 5xx, none lost, p95 < 300 ms, < 400 MB): {'met' if bar else 'NOT met'}")


if __name__ == "__main__":
    main()
