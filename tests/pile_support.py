"""Builders shared by the scanned-pile tests: a generated dossier's documents, drawn by the fixture
templates, put one after the other into one PDF (a text-layer pile, read in a second) or scanned
as a pile. No tests here.
"""

import random
from pathlib import Path

import pypdfium2 as pdfium
from faker import Faker

from fixtures.people import make_ctx
from fixtures.render import Drawn, draw
from fixtures.scenarios import plan_dossier


def drawn_dossier(index: int, seed: str = "pile-tests") -> tuple[list[Drawn], random.Random]:
    """Every document of the generated dossier `index` (its scenario is index mod 12), drawn."""
    rng = random.Random(f"{seed}/{index}")
    fake = Faker("fr_FR")
    fake.seed_instance(rng.getrandbits(32))
    plan = plan_dossier(rng, index)
    ctx = make_ctx(rng, fake, plan.application_date, plan.presence_start, plan.employed_from)
    return [draw(rng, spec, ctx) for spec in plan.specs], rng


def text_pile(path: Path, documents: list[Drawn]) -> list[tuple[int, int]]:
    """Writes the documents one after the other into one text-layer PDF; returns their page spans."""
    merged = pdfium.PdfDocument.new()
    spans, first = [], 1
    for document in documents:
        merged.import_pages(pdfium.PdfDocument(document.pdf))
        spans.append((first, first + len(document.texts) - 1))
        first += len(document.texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    merged.save(path)
    return spans
