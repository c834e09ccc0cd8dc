"""`aes review`: serve the reviewers' web app, manage accounts, export the corrected dossiers."""

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from models.vocabulary import ACCOUNT_MESSAGES, EXPORT_LABELLED, EXPORT_NOT_LABELLED, EXPORT_NOT_WRITTEN, EXPORT_WRITTEN
from review import accounts
from review.export import export as export_store

if TYPE_CHECKING:
    import uvicorn

DEFAULT_DB = Path("out/review.db")
DB_HELP = "SQLite store of the review app (default: out/review.db, the one `aes review serve out` uses)."

review_app = typer.Typer(help="The reviewers' web app: serve it, manage accounts, export corrections.", no_args_is_help=True)
user_app = typer.Typer(help="Reviewer accounts.", no_args_is_help=True)
review_app.add_typer(user_app, name="user")


class RoleChoice(StrEnum):
    reviewer = "reviewer"
    admin = "admin"


@review_app.command()
def serve(
    out: Annotated[
        Path,
        typer.Argument(help="Output folder of `aes process` (OUT/<id>/dossier.json).", exists=True, file_okay=False),
    ],
    db: Annotated[Path | None, typer.Option(help="SQLite store (default: OUT/review.db).")] = None,
    host: Annotated[str, typer.Option(help="Address to bind; keep 127.0.0.1 unless behind a proxy.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    secure_cookie: Annotated[bool, typer.Option(help="Mark cookies Secure (when served over HTTPS).")] = False,
    sources: Annotated[
        Path | None,
        typer.Option(help="The folder `aes process` read: sharper page pictures are made from it on demand.", file_okay=False),
    ] = None,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="Addresses of the reverse proxies whose X-Forwarded-For is believed, comma-separated; none by "
            "default, so that no client can pick the address the login limit counts.",
        ),
    ] = "",
) -> None:
    """Load OUT's dossiers into the store (keeping existing corrections) and serve the app.

    Example: aes review serve out --sources /srv/scans/2025-06-02 --port 8000
    """
    import uvicorn

    from review.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    db_path = db or out / "review.db"
    app = create_app(db_path, out, secure_cookie=secure_cookie, sources=sources)
    if not accounts.has_users(db_path):
        typer.echo(ACCOUNT_MESSAGES["no_account"].format(db=db_path), err=True)
    uvicorn.Server(server_config(app, host, port, forwarded_allow_ips)).run()


KEEP_ALIVE_S = 75
"""How long an idle reviewer's connection is kept open (nginx's default)."""


def server_config(app: Any, host: str, port: int, forwarded_allow_ips: str = "") -> "uvicorn.Config":
    """How `serve` runs the app. uvicorn believes X-Forwarded-For from 127.0.0.1 by default: here only
    from the proxies named, so a client on the same machine cannot choose its address."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        proxy_headers=bool(forwarded_allow_ips),
        forwarded_allow_ips=forwarded_allow_ips or None,
        server_header=False,
        # A reviewer reads between two actions: uvicorn's 5 s closed the connection under them, and a
        # request sent as it closed failed (bench/review_load.py saw it while fifty reviewers logged in).
        timeout_keep_alive=KEEP_ALIVE_S,
    )


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[RoleChoice, typer.Option(help="reviewer or admin.")] = RoleChoice.reviewer,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
) -> None:
    """Create an account; the password is read from stdin, never from the command line.

    Example: printf '%s' "$PASSWORD" | aes review user add alice --password-stdin --db out/review.db
    """
    if not password_stdin:
        typer.echo(ACCOUNT_MESSAGES["password_stdin"], err=True)
        raise typer.Exit(2)
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        accounts.add_user(db, name, password, role.value)
    except accounts.AccountError as exc:
        typer.echo(ACCOUNT_MESSAGES["not_added"].format(why=exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(ACCOUNT_MESSAGES["added"].format(name=name, role=role.value, db=db))


@review_app.command()
def export(
    out_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write DIR/<id>/dossier.json into.")],
    db: Annotated[Path, typer.Option(help=DB_HELP, exists=True, dir_okay=False)] = DEFAULT_DB,
    as_truth: Annotated[bool, typer.Option("--as-truth", help="Also write a labelled set: DIR/truth/<id>.json.")] = False,
    include_unreviewed: Annotated[
        bool, typer.Option(help="With --as-truth, label dossiers whose facts are not all reviewed yet.")
    ] = False,
) -> None:
    """Write the corrected dossiers (aes-dossier/1) and, with --as-truth, an aes-truth/1 labelled set.

    Example: aes review export reviewed/ --db out/review.db --as-truth
    """
    report = export_store(db, out_dir, as_truth=as_truth, include_unreviewed=include_unreviewed)
    typer.echo(EXPORT_WRITTEN.format(count=report.dossiers, folder=out_dir))
    for dossier_id, why in report.failed:
        typer.echo(EXPORT_NOT_WRITTEN.format(dossier_id=dossier_id, why=why), err=True)
    if as_truth:
        typer.echo(EXPORT_LABELLED.format(count=report.truth, folder=out_dir / "truth"))
        for dossier_id, why in report.skipped:
            typer.echo(EXPORT_NOT_LABELLED.format(dossier_id=dossier_id, why=why), err=True)
    if report.failed or (as_truth and report.skipped):
        raise typer.Exit(1)
