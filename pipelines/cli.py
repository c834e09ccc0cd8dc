"""The `aes` command. Errors become exit codes here, and only here: 0 done, 1 some files failed,
2 usage error (or another run writing to the same output folder), 3 a missing dependency (Tesseract,
its French data; workers that cannot start), 4 the Dask scheduler cannot be reached, 130 interrupted (Ctrl-C, SIGTERM)."""

import functools
import inspect
import json
import os
import secrets
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from extractor.facts.two_d_doc_verify import TRUST_VARIABLE
from extractor.reading.read import ReadOptions
from models.document import DocType
from models.errors import AesError, internal_error, invalid_dossier, require_extra
from models.vocabulary import CLI_MESSAGES
from pipelines import french_cli
from pipelines.batch.executors import Limits, default_jobs
from pipelines.batch.process import BatchOptions
from pipelines.evaluation.sets import TEST_TRUST

french_cli.install()  # before the app is built and shows anything: Typer's own words in French
app = typer.Typer(
    name="aes",
    cls=french_cli.FrenchGroup,
    help="Lit les pièces des demandes d'admission exceptionnelle au séjour (AES) et les confronte à la circulaire "
    "du 23 janvier 2025. Il donne des indices, chacun avec ses preuves ; le préfet décide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Processus de lecture ; 0 : un par cœur.")]
IntakeFolder = Annotated[
    Path, typer.Argument(exists=True, file_okay=False, help="Dossier d'arrivée : un sous-dossier par demandeur.")
]
HotFolder = Annotated[
    Path, typer.Argument(exists=True, file_okay=False, help="Dossier surveillé : un sous-dossier par demandeur.")
]
OutFolder = Annotated[Path, typer.Option("--out", "-o", help="Dossier de sortie.")]
_LIMITS, _READ = Limits(), ReadOptions()
_BATCH_OPTIONS: tuple[tuple[str, object, object], ...] = (  # (name, annotation, default), shared by process and watch
    ("jobs", JobsOption, 0),
    ("application_date", Annotated[
        str | None, typer.Option(help="Date de la demande (AAAA-MM-JJ) des dossiers sans meta.json.")
    ], None),
    ("cache", Annotated[Path | None, typer.Option(help="Cache des documents lus (par défaut : OUT/.cache).")], None),
    ("quiet", Annotated[bool, typer.Option("--quiet", "-q", help="Ni barre de progression ni tableau récapitulatif.")], False),
    ("log_json", Annotated[
        bool, typer.Option(
            "--log-json", help="Un événement JSON par ligne sur la sortie standard, pour les machines (ni texte ni noms)."
        )
    ], False),
    ("scheduler", Annotated[
        str | None, typer.Option(help="Lire sur ce cluster Dask (tcp://HÔTE:PORT) plutôt que par des processus locaux.")
    ], None),
    ("doc_timeout", Annotated[
        float, typer.Option("--doc-timeout", min=1, help="Secondes qu'un document peut prendre avant d'être arrêté.")
    ], _LIMITS.document_timeout_s),
    ("page_timeout", Annotated[
        float, typer.Option("--page-timeout", min=1, help="Secondes que Tesseract peut passer sur une page.")
    ], _READ.page_timeout_s),
    ("max_pages", Annotated[int, typer.Option("--max-pages", min=1, help="Document le plus long qui soit lu, en pages.")],
     _READ.max_pages),
    ("max_pixels", Annotated[int, typer.Option("--max-pixels", min=1, help="Plus grande image qui soit lue, en pixels.")],
     _READ.max_pixels),
    ("pdf", Annotated[
        bool, typer.Option(
            "--pdf/--no-pdf",
            help="Imprimer en PDF (Chromium) le rapport, le bordereau et la demande de pièces de chaque dossier.",
        )
    ], True),
    ("max_worker_memory", Annotated[
        int, typer.Option(
            "--max-worker-memory", min=64,
            help="Mo qu'un processus de lecture peut garder après un document avant d'être remplacé.",
        )
    ], _LIMITS.max_worker_rss // (1024 * 1024)),
)
_PASSED_ON = ("quiet", "log_json")
"""Shared options the command reads itself; the others become its BatchOptions."""


def _batch_options(
    jobs: int, application_date: str | None, cache: Path | None, scheduler: str | None,
    doc_timeout: float, page_timeout: float, max_pages: int, max_pixels: int, max_worker_memory: int, pdf: bool,
) -> BatchOptions:
    return BatchOptions(
        jobs=jobs or default_jobs(),
        application_date=_date(application_date, "--application-date") if application_date else None,
        read=ReadOptions(max_pages=max_pages, max_pixels=max_pixels, page_timeout_s=page_timeout),
        cache_dir=cache,
        limits=Limits(document_timeout_s=doc_timeout, max_worker_rss=max_worker_memory * 1024 * 1024),
        scheduler=scheduler,
        pdf=pdf,
    )


def _batch_command(command: Callable[..., None]) -> Callable[..., None]:
    """Gives a command the batch options, written once: it receives them as one BatchOptions
    (`options`), with `quiet` and `log_json`; their defaults are those of Limits and ReadOptions."""
    own = [p for p in inspect.signature(command).parameters.values() if p.name not in ("options", *_PASSED_ON)]
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
              for name, annotation, default in _BATCH_OPTIONS]

    @functools.wraps(command)
    def run(**values: Any) -> None:
        passed = {name: values.pop(name) for name in _PASSED_ON}
        batch = {name: values.pop(name) for name, _, _ in _BATCH_OPTIONS if name not in _PASSED_ON}
        command(**values, **passed, options=_batch_options(**batch))

    run.__signature__ = inspect.Signature(own + shared)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in own + shared}
    return run


def _stop_on_sigterm() -> None:
    """SIGTERM (a service manager stopping us) ends a run the way Ctrl-C does: workers stopped, outputs whole."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


@app.command(cls=french_cli.FrenchCommand)
@_batch_command
def process(input_dir: IntakeFolder, out: OutFolder, options: BatchOptions, quiet: bool, log_json: bool) -> None:
    """Traiter chaque dossier de demandeur de INPUT_DIR et écrire ses résultats dans OUT.

    Dans OUT/<dossier> : dossier.json, report.html, le bordereau et la demande de pièces du guichet.
    Leurs PDF aussi, sauf avec --no-pdf ; dans OUT, le manifeste et la synthèse.

    Tuée ou arrêtée, la même commande reprend là où elle s'était arrêtée.
    Relancée, elle ne lit que les fichiers nouveaux ou modifiés.

    Codes de sortie : 0 tous les fichiers lus, 1 certains en échec (listés),
    2 erreur d'utilisation, 3 Tesseract manquant,
    4 ordonnanceur Dask injoignable, 130 interrompue.

    Exemple : aes process scans/2025-06-02 --out out/2025-06-02 --jobs 2
    """
    from pipelines.batch.console import run_options

    _stop_on_sigterm()
    try:
        failed = run_options(input_dir, out, options, console, quiet=quiet, log_json=log_json)
    except KeyboardInterrupt:
        console.print(CLI_MESSAGES["interrupted"])
        raise typer.Exit(130) from None
    raise typer.Exit(1 if failed else 0)


@app.command(cls=french_cli.FrenchCommand)
@_batch_command
def watch(
    input_dir: HotFolder, out: OutFolder, options: BatchOptions, quiet: bool, log_json: bool,
    interval: Annotated[float, typer.Option(min=0.1, help="Secondes entre deux regards sur le dossier.")] = 2.0,
    settle: Annotated[
        float,
        typer.Option(min=0.0, help="Secondes sans changement avant qu'un fichier soit lu (il peut être en cours de copie)."),
    ] = 5.0,
) -> None:
    """Traiter les fichiers à mesure qu'ils arrivent dans INPUT_DIR, en refaisant leurs dossiers, jusqu'à l'arrêt.

    Un fichier est lu quand il n'a plus changé depuis --settle secondes.
    Ctrl-C ou SIGTERM l'arrête proprement (code de sortie 0).
    Les sorties sont celles qu'écrit `aes process`.

    Exemple : aes watch /srv/scans/intake --out /srv/aes/intake --interval 5
    """
    from pipelines.batch.watch import watch_folder

    _stop_on_sigterm()
    watch_folder(input_dir, out, options, console, interval=interval, settle=settle, quiet=quiet, log_json=log_json)


@app.command(cls=french_cli.FrenchCommand)
def extract(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Un document : PDF ou image.")],
    doc_type: Annotated[DocType | None, typer.Option("--doc-type", help="Le lire comme ce type (choix d'une personne).")] = None,
) -> None:
    """Lire un document et afficher ses faits en JSON (une entrée de document d'aes-dossier/1).

    Exemple : aes extract scans/A0007/bulletin_2019_03.pdf --doc-type payslip
    """
    from extractor.facts.extract import extract as extract_facts
    from extractor.reading.read import read_document
    from pipelines.batch.console import page_pictures

    pictures, sink = page_pictures()
    text = read_document(file, file.name, ReadOptions(), sink)
    record = extract_facts(text, pictures, doc_type)
    typer.echo(record.model_dump_json(indent=2, exclude_none=True))


@app.command(cls=french_cli.FrenchCommand)
def schema() -> None:
    """Afficher le schéma JSON (JSON Schema) du dossier JSON (aes-dossier/1).

    Exemple : aes schema > aes-dossier-1.schema.json
    """
    from models.dossier import Dossier

    typer.echo(json.dumps(Dossier.model_json_schema(by_alias=True), indent=2, ensure_ascii=False))


@app.command(cls=french_cli.FrenchCommand)
def check(
    dossier_json: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Un dossier.json, corrigé ou non.")],
) -> None:
    """Recalculer l'évaluation d'un dossier JSON (corrigé) et l'afficher.

    Exemple : aes check out/demo/D0001/dossier.json
    """
    from pydantic import ValidationError

    from criteria import recheck

    try:
        typer.echo(recheck(dossier_json).to_json())
    except ValidationError as error:
        raise AesError(invalid_dossier(dossier_json, error)) from None


@app.command(cls=french_cli.FrenchCommand)
def desk(
    dossier_dir: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Dossier de sortie d'un demandeur : OUT/<dossier>.")
    ],
) -> None:
    """Afficher le bordereau des pièces reçues d'un dossier et sa demande de pièces complémentaires.

    La demande part de dossier.json tel qu'il est (lancer d'abord `aes check` sur un dossier corrigé).

    Exemple : aes desk out/2025-06-02/A0007
    """
    from pipelines.desk.render import inventory_text, request_text
    from pipelines.desk.stored import desk_papers

    inventory, request = desk_papers(dossier_dir, date.today())
    typer.echo(inventory_text(inventory))
    typer.echo(request_text(request), nl=False)


@app.command(cls=french_cli.FrenchCommand)
def fixtures(
    out: Annotated[Path, typer.Option("--out", "-o", help="Dossier du jeu étiqueté à écrire.")],
    seed: Annotated[int, typer.Option(help="Graine aléatoire : la même graine donne le même jeu.")] = 1,
    dossiers: Annotated[int, typer.Option(min=1, help="Nombre de dossiers.")] = 10,
    stacks: Annotated[
        bool, typer.Option(help="La moitié des dossiers contient aussi quelques pièces numérisées en un seul fichier.")
    ] = False,
    piles: Annotated[
        bool, typer.Option(help="Chaque dossier est une seule pile numérisée (versos blancs, feuilles de séparation).")
    ] = False,
) -> None:
    """Produire un jeu étiqueté de dossiers réalistes (aes-truth/1) pour l'évaluation.

    Exemple : aes fixtures --seed 1234 --dossiers 40 --out sets/s1234
    """
    require_extra("fixtures", ("faker", "reportlab"), "« aes fixtures »")
    from fixtures.generate import generate_set

    generate_set(out, seed, dossiers, stacks, piles)
    console.print(CLI_MESSAGES["fixtures_written"].format(out=out))


@app.command(cls=french_cli.FrenchCommand)
def evaluate(
    set_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Un jeu étiqueté (aes-truth/1).")],
    pred: Annotated[Path | None, typer.Option(help="Prédictions déjà faites (un OUT d'`aes process`).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Où écrire les prédictions ; par défaut : SET-pred à côté du jeu.")
    ] = None,
    jobs: JobsOption = 0,
) -> None:
    """Mesurer l'extracteur et les critères sur un jeu étiqueté ; écrire evaluation.json et .html.

    Le jeu est aes-truth/1, ou un dossier de vraies pièces étiquetées fichier par fichier (un labels.json à côté).

    Exemple : aes evaluate sets/s1234 --jobs 2
    """
    from pipelines.batch.console import run_batch
    from pipelines.evaluation.evaluate import evaluate_set
    from pipelines.evaluation.labelled_files import is_labelled_files, labelled_set
    from pipelines.evaluation.results import print_evaluation, write_evaluation

    if pred is not None and out is not None:
        raise typer.BadParameter(CLI_MESSAGES["pred_or_out"])
    if pred is None:
        pred = out or set_dir.parent / f"{set_dir.name}-pred"
        if is_labelled_files(set_dir):
            set_dir = labelled_set(set_dir, pred.with_name(f"{pred.name}-set"), date.today())
        if (trust := set_dir / TEST_TRUST).is_dir():  # a generated set's test authority, trusted for it alone
            os.environ[TRUST_VARIABLE] = str(trust.resolve())
        run_batch(set_dir / "dossiers", pred, jobs, None, None, False, console)
    elif is_labelled_files(set_dir):
        set_dir = labelled_set(set_dir, pred.with_name(f"{pred.name}-set"), date.today())
    result = evaluate_set(set_dir, pred)
    print_evaluation(result, Console())
    write_evaluation(result, pred)
    console.print(CLI_MESSAGES["evaluation_written"].format(path=pred / "evaluation.html"))


@app.command(cls=french_cli.FrenchCommand)
def calibrate(
    sources: Annotated[
        list[Path],
        typer.Argument(
            exists=True, help="Un jeu étiqueté (aes-truth/1) ; avec --from-reviews, des sorties relues (OUT/review.db)."
        ),
    ],
    pred: Annotated[Path | None, typer.Option(help="Prédictions du jeu faites avec AES_RAW_CONFIDENCE=1.")] = None,
    from_reviews: Annotated[
        bool,
        typer.Option(
            "--from-reviews", help="Réajuster les tables en service sur les valeurs confirmées ou corrigées par les relecteurs."
        ),
    ] = False,
    output: Annotated[Path, typer.Option(help="Où écrire les tables.")] = Path("extractor/data/calibration.json"),
) -> None:
    """Ajuster les tables de confiance (isotoniques, par champ) sur un jeu étiqueté, ou sur les valeurs relues.

    Sur un jeu étiqueté, pour servir sur d'autres jeux.
    Avec --from-reviews, sur les valeurs relues : confirmée = juste, corrigée ou rejetée = fausse.

    Exemple : AES_RAW_CONFIDENCE=1 aes process sets/s12/dossiers --out sets/s12-raw && aes calibrate sets/s12 --pred sets/s12-raw

    Exemple : aes calibrate --from-reviews /srv/aes/2025-06-02 /srv/aes/2025-06-09
    """
    from extractor.facts.calibration import TABLES_PATH, CalibrationTables
    from pipelines.evaluation.fit_calibration import fit_tables, refit_tables, write_tables

    if from_reviews:
        from review.review_outcomes import reviewed_outcomes

        points = []
        for source in sources:
            db_path = source / "review.db" if source.is_dir() else source
            if not db_path.is_file():
                raise typer.BadParameter(CLI_MESSAGES["no_review_store"].format(source=source), param_hint="SOURCES")
            points += reviewed_outcomes(db_path)
        current = CalibrationTables.model_validate_json(TABLES_PATH.read_bytes()) if TABLES_PATH.is_file() else None
        tables = refit_tables(current, points, fitted_on=f"{len(points)} reviewed values")
        write_tables(tables, output)
        console.print(CLI_MESSAGES["tables_refitted"].format(values=len(points), tables=len(tables.tables), output=output))
        return
    if len(sources) != 1 or pred is None or not sources[0].is_dir():
        raise typer.BadParameter(CLI_MESSAGES["calibrate_sources"], param_hint="SOURCES")
    tables = fit_tables(sources[0], pred, fitted_on=sources[0].name)
    write_tables(tables, output)
    console.print(CLI_MESSAGES["tables_written"].format(tables=len(tables.tables), output=output))


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise typer.BadParameter(CLI_MESSAGES["not_a_date"].format(text=text), param_hint=option) from error


def _mount_review() -> None:
    from review.cli import review_app

    app.add_typer(review_app, name="review", help="L'application web des relecteurs : service, comptes, export.")


def main() -> None:
    _mount_review()
    try:
        app()
    except AesError as error:
        # One line whatever the terminal width, so a script or a log can match the message whole.
        console.print(f"[red]erreur :[/red] {escape(error.message)}", soft_wrap=True)
        sys.exit(error.exit_code)
    except Exception as error:  # noqa: BLE001 - a fault of aes: a reference, not a traceback that may quote a paper
        reference = secrets.token_hex(4)
        if os.environ.get("AES_TRACEBACK") == "1":
            traceback.print_exc()
        console.print(f"[red]erreur :[/red] {internal_error(reference, type(error).__name__)}", soft_wrap=True)
        sys.exit(1)
