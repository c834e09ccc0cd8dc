"""`aes review`: serve the reviewers' web app, manage accounts, export the corrected dossiers."""

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from models.vocabulary import ACCOUNT_MESSAGES, EXPORT_LABELLED, EXPORT_NOT_LABELLED, EXPORT_NOT_WRITTEN, EXPORT_WRITTEN
from pipelines import french_cli
from review import accounts
from review.export import export as export_store

if TYPE_CHECKING:
    import uvicorn

DEFAULT_DB = Path("out/review.db")
DB_HELP = "Base SQLite de l'application de relecture (par défaut : out/review.db, celle qu'utilise `aes review serve out`)."

french_cli.install()  # before the apps are built and show anything: Typer's own words in French
review_app = typer.Typer(
    cls=french_cli.FrenchGroup,
    help="L'application web des relecteurs : la servir, gérer les comptes, exporter les corrections.",
    no_args_is_help=True,
)
user_app = typer.Typer(cls=french_cli.FrenchGroup, help="Comptes des relecteurs.", no_args_is_help=True)
review_app.add_typer(user_app, name="user")


class RoleChoice(StrEnum):
    reviewer = "reviewer"
    admin = "admin"


@review_app.command(cls=french_cli.FrenchCommand)
def serve(
    out: Annotated[
        Path,
        typer.Argument(help="Dossier de sortie d'`aes process` (OUT/<id>/dossier.json).", exists=True, file_okay=False),
    ],
    db: Annotated[Path | None, typer.Option(help="Base SQLite (par défaut : OUT/review.db).")] = None,
    host: Annotated[str, typer.Option(help="Adresse d'écoute ; garder 127.0.0.1 sauf derrière un proxy.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port d'écoute.")] = 8000,
    secure_cookie: Annotated[bool, typer.Option(help="Marquer les cookies Secure (application servie en HTTPS).")] = False,
    sources: Annotated[
        Path | None,
        typer.Option(
            help="Le dossier qu'a lu `aes process` : des images de pages plus nettes en sont tirées à la demande.",
            file_okay=False,
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="Adresses, séparées par des virgules, des proxys dont l'en-tête X-Forwarded-For est cru ; "
            "aucune par défaut, pour qu'aucun client ne puisse choisir l'adresse que compte la limite de connexion.",
        ),
    ] = "",
) -> None:
    """Charger les dossiers de OUT dans la base (en gardant les corrections déjà faites) et servir l'application.

    Exemple : aes review serve out --sources /srv/scans/2025-06-02 --port 8000
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


@user_app.command("add", cls=french_cli.FrenchCommand)
def user_add(
    name: Annotated[str, typer.Argument(help="Identifiant de connexion.")],
    role: Annotated[RoleChoice, typer.Option(help="reviewer (relecteur) ou admin (administrateur).")] = RoleChoice.reviewer,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Lire le mot de passe sur l'entrée standard.")] = False,
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
) -> None:
    """Créer un compte ; le mot de passe est lu sur l'entrée standard, jamais sur la ligne de commande.

    Exemple : printf '%s' "$PASSWORD" | aes review user add alice --password-stdin --db out/review.db
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


@review_app.command(cls=french_cli.FrenchCommand)
def export(
    out_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Dossier où écrire DIR/<id>/dossier.json.")],
    db: Annotated[Path, typer.Option(help=DB_HELP, exists=True, dir_okay=False)] = DEFAULT_DB,
    as_truth: Annotated[bool, typer.Option("--as-truth", help="Écrire aussi un jeu étiqueté : DIR/truth/<id>.json.")] = False,
    include_unreviewed: Annotated[
        bool, typer.Option(help="Avec --as-truth, étiqueter aussi les dossiers dont les faits ne sont pas encore tous relus.")
    ] = False,
) -> None:
    """Écrire les dossiers corrigés (aes-dossier/1) et, avec --as-truth, un jeu étiqueté aes-truth/1.

    Exemple : aes review export reviewed/ --db out/review.db --as-truth
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
