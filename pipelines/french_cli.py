"""The command line's own frame in French: the words Typer writes around our help texts and in its usage errors.

Typer says them in English, in two ways, and each is made French its own way, whatever the machine's locale:

- The words it routes through gettext (panel titles, "[default: …]", "[required]", "Error", "Try … for help."):
  Typer calls the global `gettext.gettext` (domain `messages`), which takes its catalogue from a .mo file only
  (NullTranslations.install() sets builtins._, which Typer does not call), and the language from the environment
  only (LANGUAGE, LC_ALL, LC_MESSAGES, LANG; none in a bare container). So `install` binds the domain to our
  catalogue (pipelines/locale, compiled from the vocabulary and committed; a test checks they agree) and sets
  LANGUAGE=fr for this process: it selects message catalogues and nothing else (dates and numbers follow LC_*);
  a program we start inherits it (glibc ignores it under the C locale; elsewhere it can only speak French too).
  typer.rich_utils reads its panel titles once, at import: `install` comes before the first help or error, and
  reads rich_utils again if it was imported before.
- The words of the copy of Click that Typer carries (typer._click), written in English without gettext: "Usage:",
  the help option's "Show this message and exit.", "Missing argument", "No such option", "Invalid value for"…
  Typer's documented way to change a command's behaviour is its class (`typer.Typer(cls=…)`,
  `app.command(cls=…)`): FrenchGroup and FrenchCommand write the usage line and the help option in French, show
  types in French, and turn a usage error into a French one, from its fields where it has them (the parameter,
  the option, pydantic's error), else from Typer's known sentences; one we do not know keeps its detail as is.

The French words themselves are in models/vocabulary.py (CLI_CATALOGUE, CLI_WORDS, CLI_TYPE_LABELS).
"""

import gettext
import importlib
import os
import re
import struct
import sys
from pathlib import Path
from typing import Any

import typer
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from models.vocabulary import CLI_CATALOGUE, CLI_TYPE_LABELS, CLI_WORDS

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
"""Typer's (and Click's) gettext domain: they call the global `gettext.gettext`."""
CATALOGUE = LOCALE_DIR / "fr" / "LC_MESSAGES" / f"{DOMAIN}.mo"


def install() -> None:
    """Typer's gettext words in French from now on, in this process. Before a Typer app is built or run."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    os.environ["LANGUAGE"] = "fr"
    if "typer.rich_utils" in sys.modules:  # its titles were read in English at import: read them again
        importlib.reload(sys.modules["typer.rich_utils"])


def compile_catalogue(messages: dict[str, str]) -> bytes:
    """A GNU .mo file of `messages` (msgid → msgstr), UTF-8, as msgfmt writes it (no hash table)."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    pairs = sorted((msgid.encode(), msgstr.encode()) for msgid, msgstr in entries.items())
    header_size, entry_size = 7 * 4, 8
    ids_start = header_size + 2 * entry_size * len(pairs)
    strs_start = ids_start + sum(len(msgid) + 1 for msgid, _ in pairs)
    id_table, str_table, ids, strs = [], [], b"", b""
    for msgid, msgstr in pairs:
        id_table += [len(msgid), ids_start + len(ids)]
        str_table += [len(msgstr), strs_start + len(strs)]
        ids += msgid + b"\0"
        strs += msgstr + b"\0"
    header = struct.pack(
        "<7I", 0x950412DE, 0, len(pairs), header_size, header_size + entry_size * len(pairs), 0, 0
    )
    return header + struct.pack(f"<{len(id_table)}I", *id_table) + struct.pack(f"<{len(str_table)}I", *str_table) + ids + strs


def french_type(label: str | None) -> str | None:
    """Typer's `<int range>`, `<list[Path]>`… in French (`<entier>`, `<chemin…>`); choices are values, kept."""
    found = re.fullmatch(r"<(list\[)?(\w+)\]?( range)?>(\.\.\.)?", label or "")
    if found is None or found[2] not in CLI_TYPE_LABELS:
        return label
    return f"<{CLI_TYPE_LABELS[found[2]]}{'…' if found[1] or found[4] else ''}>"


class FrenchOption(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is None and self.is_flag:
            return None  # a flag takes no value: no type to show
        return self.metavar if self.metavar is not None else french_type(super().display_type_rich(ctx))


class FrenchArgument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return french_type(super().display_type_rich(ctx))


def _french_params(command: TyperCommand | TyperGroup) -> None:
    """The command's parameters, made by Typer, show their types in French (their classes add nothing else)."""
    for param in command.params:
        if type(param) is TyperOption:
            param.__class__ = FrenchOption
        elif type(param) is TyperArgument:
            param.__class__ = FrenchArgument


class _FrenchFrame:
    """The usage line and the help option in French: what FrenchCommand and FrenchGroup share."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=f"{CLI_WORDS['usage']} ")

    def get_help_option(self, ctx: Any) -> TyperOption | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = CLI_WORDS["help_option"]
            if type(option) is TyperOption:
                option.__class__ = FrenchOption
        return option


class FrenchCommand(_FrenchFrame, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = CLI_WORDS["options_metavar"]
        _french_params(self)


class FrenchGroup(_FrenchFrame, TyperGroup):
    """A group whose usage errors, its own and its commands', are said in French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = CLI_WORDS["options_metavar"]
        self.subcommand_metavar = CLI_WORDS["subcommand_metavar"]
        _french_params(self)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as error:
            raise french_usage_error(error) from error

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise french_usage_error(error) from error


class FrenchUsageError(UsageError):
    """A usage error already said in French (exit code 2, like any usage error)."""

    def show(self, file: Any = None) -> None:
        """Typer's plain output (TYPER_USE_RICH=0, no error panel) says what its panel says, in French."""
        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            if self.ctx.command.get_help_option(self.ctx) is not None:
                lines.append(CLI_WORDS["help_hint"].format(command=self.ctx.command_path, option=self.ctx.help_option_names[0]))
            lines.append("")
        lines.append(CLI_WORDS["error"].format(message=self.format_message()))
        typer.echo("\n".join(lines), file=file, err=file is None)


_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((?P<arguments>.*)\)")
_PATH = re.compile(r"(?:file|dir|path) '(?P<path>.*)' (?P<what>does not exist|is a file|is a directory|is not readable"
                   r"|is not writable)\.")
_PATH_WORDS = {"does not exist": "path_missing", "is a file": "path_is_file", "is a directory": "path_is_folder",
               "is not readable": "path_unreadable", "is not writable": "path_unwritable"}
_CHOICE = re.compile(r"(?:Value error, )?'(?P<value>.*)' is not one of (?P<choices>.*)\.")
_PYDANTIC = {"int_parsing": "not_an_integer", "int_from_float": "not_an_integer", "float_parsing": "not_a_number",
             "greater_than_equal": "at_least", "less_than_equal": "at_most"}
"""pydantic's error types for Typer's number options and their min= and max= bounds (ge, le)."""


def french_usage_error(error: UsageError) -> UsageError:
    """The same usage error, said in French; its usage line and exit code unchanged."""
    if isinstance(error, FrenchUsageError | NoArgsIsHelpError):  # already French; or the help itself
        return error
    if isinstance(error, MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        key = f"missing_{kind}" if f"missing_{kind}" in CLI_WORDS else "missing_parameter"
        message = CLI_WORDS[key].format(name=_names(error))
    elif isinstance(error, BadParameter) and error.param_hint is None and error.param is None:
        message = CLI_WORDS["invalid"].format(why=_why(error))
    elif isinstance(error, BadParameter):
        message = CLI_WORDS["invalid_value"].format(name=_names(error), why=_why(error))
    elif isinstance(error, NoSuchOption):
        message = CLI_WORDS["no_such_option"].format(name=error.option_name)
        if error.possibilities:
            message += " " + CLI_WORDS["possible_options"].format(options=", ".join(sorted(error.possibilities)))
    elif isinstance(error, BadOptionUsage) and "does not take a value" in error.message:
        message = CLI_WORDS["option_takes_no_value"].format(name=error.option_name)
    elif isinstance(error, BadOptionUsage) and " requires " in error.message:
        message = CLI_WORDS["option_needs_value"].format(name=error.option_name)
    elif found := _EXTRA_ARGUMENTS.fullmatch(error.message):
        message = CLI_WORDS["extra_arguments"].format(arguments=found["arguments"])
    else:
        message = error.message  # Typer's gettext words ("Commande inconnue…"), or one we do not know
    return FrenchUsageError(message, error.ctx)


def _names(error: BadParameter) -> str:
    """« --jobs » / « -j », « input_dir », or the hint the code gave."""
    hint: Any = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.opts if isinstance(error.param, TyperOption) else [error.param.display_name_raw]
    hints = [hint] if isinstance(hint, str) else list(hint or ["?"])
    return " / ".join(f"« {name} »" for name in hints)


def _why(error: BadParameter) -> str:
    """What is wrong with the value: from pydantic's error when Typer's came from one, else from its sentence."""
    cause = error.__cause__
    if cause is not None and hasattr(cause, "errors"):
        first = cause.errors()[0]
        limits = first.get("ctx") or {}
        if first["type"] in _PYDANTIC:
            limit = limits.get("ge", limits.get("le", ""))
            return CLI_WORDS[_PYDANTIC[first["type"]]].format(value=first.get("input"), limit=limit)
    if found := _CHOICE.fullmatch(error.message):
        choices = ", ".join(choice.strip().strip("'") for choice in found["choices"].split(","))
        return CLI_WORDS["not_a_choice"].format(value=found["value"], choices=choices)
    if found := _PATH.fullmatch(error.message):
        return CLI_WORDS[_PATH_WORDS[found["what"]]].format(path=found["path"])
    return error.message


if __name__ == "__main__":  # python -m pipelines.french_cli: the catalogue again, after CLI_CATALOGUE changed
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    CATALOGUE.write_bytes(compile_catalogue(CLI_CATALOGUE))
    print(f"{CATALOGUE} : {len(CLI_CATALOGUE)} messages")
