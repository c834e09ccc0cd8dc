"""Show an EvaluationResult: rich tables on the terminal, evaluation.json and evaluation.html on disk."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.evaluation.evaluate import EvaluationResult, Score
from pipelines.store.atomic import write_text

HTML_ERROR_ROWS = 500
"""Field errors listed in the HTML page; evaluation.json keeps them all."""

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _prf(score: Score) -> str:
    return "/".join("—" if value is None else f"{value:.2f}" for value in (score.precision, score.recall, score.f1))


def _renderings(result: EvaluationResult) -> list[str]:
    """Renderings with anything to score, text layer and scan first."""
    return [
        name for name, table in result.by_rendering.items()
        if table.overall.tp + table.overall.fp + table.overall.fn + table.overall.tn
    ]


def _table(title: str) -> Table:
    # Light rules and no edge padding keep the field table within an 80-column terminal.
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)


def print_evaluation(result: EvaluationResult, console: Console) -> None:
    """Per-field P, R, F1 and counts with the text-layer/scan split, ECE, and criterion agreement."""
    counts = result.counts
    console.print(
        f"[bold]{counts.dossiers}[/] labelled dossiers ({counts.dossiers_predicted} predicted), "
        f"{counts.documents_labelled} labelled documents: {counts.documents_matched} matched, "
        f"{counts.documents_missed} missed, {counts.documents_extra} extra."
    )
    table = _table("Field scores")
    for column in ("field", "P", "R", "F1", "TP", "FP", "FN", "TN", "ECE"):
        table.add_column(column, justify="left" if column == "field" else "right", no_wrap=True)
    rows = [(name, score, result.calibration.fields[name].ece) for name, score in result.scores.fields.items()]
    rows.append(("overall (micro)", result.scores.overall, result.calibration.overall.ece))
    for index, (name, score, ece) in enumerate(rows):
        table.add_row(
            name, _ratio(score.precision), _ratio(score.recall), _ratio(score.f1),
            str(score.tp), str(score.fp), str(score.fn), str(score.tn), _ratio(ece),
            end_section=index == len(rows) - 2, style="bold" if index == len(rows) - 1 else None,
        )
    console.print(table)
    console.print(
        f"Expected calibration error over {result.calibration.overall.count} predicted values: "
        f"{_ratio(result.calibration.overall.ece)}."
    )
    _print_renderings(result, console)
    _print_criteria(result, console)
    _print_boundaries(result, console)
    _print_two_d_docs(result, console)
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)


def _print_renderings(result: EvaluationResult, console: Console) -> None:
    renderings = _renderings(result)
    table = _table(f"By rendering (from {result.rendering_source})")
    table.add_column("field", no_wrap=True)
    for name in renderings:
        table.add_column(f"{name} P / R / F1", justify="right")
    for name in result.scores.fields:
        table.add_row(name, *(_prf(result.by_rendering[r].fields[name]) for r in renderings))
    table.add_row("overall (micro)", *(_prf(result.by_rendering[r].overall) for r in renderings), style="bold")
    console.print(table)


def _print_criteria(result: EvaluationResult, console: Console) -> None:
    agreement = result.criteria
    console.print(f"Criterion agreement: predicted statuses against those of the true facts, "
                  f"over {agreement.dossiers} dossiers.")
    table = _table("Criterion agreement")
    for column in ("criterion", "agreement", "agreed", "compared"):
        table.add_column(column, justify="left" if column == "criterion" else "right")
    for name, score in agreement.criteria.items():
        table.add_row(name, _ratio(score.rate), str(score.agreed), str(score.dossiers))
    overall = (_ratio(agreement.rate), str(agreement.agreed), str(agreement.total))
    table.add_row("overall", *overall, style="bold")
    console.print(table)


def _print_boundaries(result: EvaluationResult, console: Console) -> None:
    found = result.boundaries
    if not found.files:
        return
    console.print(
        f"Document boundaries over {found.files} split files: P {_ratio(found.precision)}, R {_ratio(found.recall)}, "
        f"F1 {_ratio(found.f1)} ({found.matched} of {found.labelled} labelled documents, {found.predicted} predicted)."
    )


def two_d_doc_lines(result: EvaluationResult) -> list[str]:
    """The 2D-DOC figures, one sentence each (console and HTML)."""
    score = result.two_d_docs
    if score is None:
        return []
    rates = ", ".join(f"{name} {_ratio(r.rate)} ({r.decoded}/{r.labelled})" for name, r in score.decoding.items())
    return [
        f"2D-DOC decoded: {rates}.",
        f"2D-DOC verification accuracy: {_ratio(score.verification_accuracy)} ({score.verified_right} right).",
        f"Altered documents flagged: {score.altered_flagged} of {score.altered}; genuine ones flagged: "
        f"{score.genuine_flagged}; unknown certificates called valid: {score.unknown_called_valid}.",
        f"Codes not decoded but reported unreadable: {score.undecoded_reported}; unreadable codes reported on "
        f"documents without one: {score.unreadable_without_code}.",
    ]


def _print_two_d_docs(result: EvaluationResult, console: Console) -> None:
    for line in two_d_doc_lines(result):
        console.print(line, highlight=False)


def render_evaluation_html(result: EvaluationResult) -> str:
    """The self-contained evaluation page: scores, reliability diagrams (inline SVG), confusion matrix."""
    types = sorted({label for label in result.confusion} | {
        predicted for row in result.confusion.values() for predicted in row
    })
    return _TEMPLATES.get_template("evaluation.html").render(
        result=result,
        renderings=_renderings(result),
        confusion_types=types,
        errors=result.errors[:HTML_ERROR_ROWS],
        error_rows=HTML_ERROR_ROWS,
        ratio=_ratio,
        two_d_doc_lines=two_d_doc_lines(result),
    )


def write_evaluation(result: EvaluationResult, out_dir: Path) -> None:
    """Write out_dir/evaluation.json and out_dir/evaluation.html, each atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_text(out_dir / "evaluation.json", result.model_dump_json(indent=2))
    write_text(out_dir / "evaluation.html", render_evaluation_html(result))
