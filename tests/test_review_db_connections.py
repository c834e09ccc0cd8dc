"""The store's connections: kept open for a thread's next request, never for another file."""

import threading

from review import db


def test_a_thread_uses_its_connection_again_and_never_one_to_a_file_made_anew(tmp_path):
    path = tmp_path / "review.db"
    with db.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
        first = conn
    with db.connect(path) as conn:
        assert conn is first  # kept: opening one and setting its pragmas cost a quarter of the app's time
    path.unlink()
    for wal in tmp_path.glob("review.db-*"):
        wal.unlink()
    with db.connect(path) as conn:
        assert conn is not first
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchone() is None


def test_a_connection_is_kept_by_its_thread_only(tmp_path):
    path = tmp_path / "review.db"
    with db.connect(path) as conn:
        mine = conn
    seen = []

    def other_thread() -> None:
        with db.connect(path) as conn:
            seen.append(conn)

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    assert seen and seen[0] is not mine
