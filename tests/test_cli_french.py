"""The command line speaks French, whatever the machine's locale: its help, its usage errors and Typer's own words
around them (pipelines/french_cli.py), from one vocabulary (models/vocabulary.py)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from sample_paths import ROOT
from typer.testing import CliRunner

from models.vocabulary import CLI_CATALOGUE, CLI_MESSAGES
from pipelines import cli, french_cli

AES = [str(Path(sys.executable).with_name("aes"))]
"""The `aes` command as installed (pyproject's [project.scripts]): its name shows in the usage line."""
WIDE = {"COLUMNS": "250"}
"""A wide terminal, so that no English phrase is cut in two by the wrapping of a column and missed."""
ENGLISH = (
    "Usage:", "Show this message", "Options:", "Commands", "COMMAND [ARGS]", "[ARGS]", "Arguments:", "[default:", "default:",
    "[required]", "Example:", "for help", "Try '", "Error", "Missing", "Invalid value", "No such", "Possible options",
    "Got unexpected", "requires an argument", "does not exist", "is not one of", "Input should", "<int", "<float",
    "<str>", "<path>", "<dir>", "<file>", "<bool>", "<list[", " range>",
)
"""Typer's and Click's words in English, as they show in a help or a usage error."""


def english_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


def clean_env(**values: str) -> dict[str, str]:
    """The environment of a bare container (no locale at all), plus `values`."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    return {**env, **WIDE, **values}


def commands(group: typer.core.TyperGroup, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """Every command and group under `group`, with the words that call it."""
    found = []
    for name, command in group.commands.items():
        found.append(((*path, name), command))
        if isinstance(command, typer.core.TyperGroup):
            found += commands(command, (*path, name))
    return found


def aes_command() -> typer.core.TyperGroup:
    cli._mount_review()
    return typer.main.get_command(cli.app)


@pytest.mark.parametrize("locale", [{}, {"LANG": "C"}, {"LANG": "en_US.UTF-8", "LANGUAGE": "en_US:en"}],
                         ids=["no-locale", "C", "english"])
def test_aes_help_is_french_whatever_the_locale(locale: dict[str, str]) -> None:
    done = subprocess.run([*AES, "--help"], capture_output=True, text=True, cwd=ROOT, env=clean_env(**locale))
    assert done.returncode == 0, done.stderr
    for french in ("Utilisation : aes [OPTIONS] COMMANDE [ARGUMENTS]", "Options", "Commandes",
                   "Afficher cette aide et quitter.", "Lit les pièces des demandes d'admission exceptionnelle",
                   "le préfet décide"):
        assert french in done.stdout, (french, done.stdout)
    assert english_in(done.stdout) == [], done.stdout


def test_every_command_help_is_french_with_an_example() -> None:
    runner, seen = CliRunner(), []
    for words, command in commands(aes_command()):
        done = runner.invoke(cli.app, [*words, "--help"], env=WIDE)
        assert done.exit_code == 0, (words, done.output)
        assert "Utilisation : aes " in done.output and "Afficher cette aide et quitter." in done.output, words
        assert english_in(done.output) == [], (words, done.output)
        if not isinstance(command, typer.core.TyperGroup):
            assert "Exemple : " in done.output, words
            seen.append(" ".join(words))
    assert {"process", "watch", "evaluate", "calibrate", "review serve", "review user add", "review export"} <= set(seen)


def test_options_show_their_defaults_requirements_and_types_in_french() -> None:
    done = CliRunner().invoke(cli.app, ["process", "--help"], env=WIDE)
    for french in ("[obligatoire]", "[par défaut : 0]", "<entier>", "<chemin>", "<dossier>", "Dossier de sortie."):
        assert french in done.output, (french, done.output)


@pytest.mark.parametrize(("args", "french"), [
    (["evaluate"], ["Utilisation : aes evaluate [OPTIONS] {set_dir}", "Aide : aes evaluate --help",
                    "Argument manquant : « set_dir »."]),
    (["process", "{tmp}"], ["Option manquante : « --out » / « -o »."]),
    (["process", "{tmp}", "--out", "{tmp}/out", "--bogus"], ["Option inconnue : --bogus."]),
    (["process", "{tmp}", "--out", "{tmp}/out", "--application-date", "2025-13-45"],
     ["Valeur invalide pour « --application-date » :", "« 2025-13-45 » n'est pas une date de la forme AAAA-MM-JJ"]),
    (["process", "{tmp}", "--out", "{tmp}/out", "--jobs", "deux"],
     ["Valeur invalide pour « --jobs » / « -j » : « deux » n'est pas un nombre entier."]),
    (["fixtures", "--out", "{tmp}/set", "--dossiers", "0"], ["« 0 » est trop petit : 1 au moins."]),
    (["process", "{tmp}/absent", "--out", "{tmp}/out"], ["Valeur invalide pour « input_dir » :", "absent » n'existe pas."]),
    (["extract", "--doc-type", "fiche", "{root}/README.md"], ["« fiche » n'est pas une valeur possible (payslip, tax_notice,"]),
    (["calibrate", "{tmp}"], ["Valeur invalide pour « SOURCES » :", CLI_MESSAGES["calibrate_sources"]]),
    (["evaluate", "{tmp}", "--pred", "{tmp}", "--out", "{tmp}/pred"], ["Valeur invalide : " + CLI_MESSAGES["pred_or_out"]]),
    (["schema", "en-trop"], ["Argument(s) en trop : en-trop."]),
    (["process", "{tmp}", "--out"], ["L'option --out attend une valeur."]),
    (["revue"], ["Commande inconnue : « revue »."]),
    (["review", "user", "add"], ["Argument manquant : « name »."]),
])
def test_usage_errors_are_french_and_name_what_is_wrong(tmp_path: Path, args: list[str], french: list[str]) -> None:
    args = [word.format(tmp=tmp_path, root=ROOT) for word in args]
    done = subprocess.run([*AES, *args], capture_output=True, text=True, cwd=ROOT, env=clean_env())
    assert done.returncode == 2, done.stderr
    assert "Erreur" in done.stderr, done.stderr
    for words in french:
        assert words in done.stderr, (words, done.stderr)
    assert english_in(done.stderr) == [], done.stderr


def test_the_catalogue_shipped_is_the_vocabulary_compiled() -> None:
    """pipelines/locale holds CLI_CATALOGUE as gettext reads it: run `python -m pipelines.french_cli` after changing it."""
    assert french_cli.CATALOGUE.read_bytes() == french_cli.compile_catalogue(CLI_CATALOGUE)


def test_every_word_typer_routes_through_gettext_is_in_the_catalogue() -> None:
    """A Typer that says something new through gettext fails here, not in front of a person."""
    routed = set()
    for module in ("core.py", "rich_utils.py"):
        tree = ast.parse((Path(typer.__file__).parent / module).read_text())
        routed |= {node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
                   and isinstance(node.func, ast.Name) and node.func.id in ("_", "gettext") and node.args
                   and isinstance(node.args[0], ast.Constant)}
    assert routed and routed <= set(CLI_CATALOGUE), routed - set(CLI_CATALOGUE)


def test_french_even_when_typer_read_its_titles_before_the_catalogue_was_installed() -> None:
    """typer.rich_utils reads its panel titles once, at import: imported first, it is read again by install()."""
    script = ("import typer.rich_utils; from typer.testing import CliRunner; from pipelines.cli import app; "
              "print(CliRunner().invoke(app, ['--help']).output)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=clean_env())
    assert done.returncode == 0, done.stderr
    assert "Commandes" in done.stdout and english_in(done.stdout) == [], done.stdout


def test_plain_output_without_rich_is_french_too(tmp_path: Path) -> None:
    """TYPER_USE_RICH=0 (logs, plain terminals): no panels, the same French words."""
    plain = clean_env(TYPER_USE_RICH="0")
    done = subprocess.run([*AES, "evaluate"], capture_output=True, text=True, cwd=ROOT, env=plain)
    assert done.returncode == 2
    for french in ("Utilisation : aes evaluate", "Aide : aes evaluate --help", "Erreur : Argument manquant : « set_dir »."):
        assert french in done.stderr, (french, done.stderr)
    helped = subprocess.run([*AES, "evaluate", "--help"], capture_output=True, text=True, cwd=ROOT, env=plain)
    assert "[obligatoire]" in helped.stdout and "Afficher cette aide et quitter." in helped.stdout, helped.stdout
    # Its section titles are the French words followed by Click's colon, without the space French puts before it.
    assert set(english_in(done.stderr + helped.stdout)) <= {"Options:", "Arguments:"}, done.stderr + helped.stdout
