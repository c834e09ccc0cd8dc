"""The one way the pipeline's HTML pages are templated: every string from a document autoescaped."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape


def html_templates(folder: Path) -> Environment:
    """Templates of `folder`, autoescaped (strings rendered from templates in code too), blocks trimmed."""
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
