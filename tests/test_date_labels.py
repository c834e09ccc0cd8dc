"""The date labels of extractor/data/date_labels.json, each read from its own example as a page is read.

An example is a line as a paper prints it; the date right after its label must take the entry's role,
and must take it because of that entry: moved to another role, the label carries the date with it.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from lexicon_support import changed_copy
from paper_texts import laid_out

from extractor.facts import cues
from extractor.facts.cues import LABELS_PATH, DateLabel, DateLabels, Role, date_labels
from extractor.facts.folding import fold
from extractor.facts.lexicon import load_lexicon
from extractor.facts.mentions import DocumentIndex
from models.errors import LexiconError
from models.text import DocumentText

ENTRIES = [(role, entry) for role, entries in date_labels().roles.items() for entry in entries]
IDS = [f"{role}:{entry.label}" for role, entry in ENTRIES]

LABELS_PER_ROLE = {
    "issue": 39, "notification": 15, "birth": 7, "deadline": 10, "print": 7, "entry": 14, "exit": 3,
    "period_start": 5, "period_end": 3, "validity_start": 11, "validity_end": 12, "since": 2, "period": 6,
    "decision_ref": 5, "session": 6,
}
"""A label moved to another role in the file changes two of these counts: check that its example reads
as its new role says, then update them."""


def _words(label: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(label)}(?![\w])")


def _role_after_label(label: str, example: str) -> Role | None:
    document = DocumentText(file="paper.pdf", sha256="0" * 64, kind="pdf", pages=(laid_out(1, example),))
    index = DocumentIndex.of(document)
    at = _words(label).search(fold(index.layouts[0].text))
    assert at, f"« {example} » does not print the label « {label} »"
    after = [found for found in index.dates if found.mention.start >= at.end()]
    assert after, f"« {example} » has no date after « {label} »"
    return after[0].role


@pytest.fixture
def relabelled(monkeypatch: pytest.MonkeyPatch):
    """Reads with one label moved to another role, the rest of the file as it is."""

    def move(label: str, to: Role) -> None:
        roles = {
            role: tuple(e for e in entries if e.label != label) for role, entries in date_labels().roles.items()
        }
        roles[to] = (*roles.get(to, ()), DateLabel(label=label, example=""))
        moved = DateLabels(about="", roles=roles)
        monkeypatch.setattr(cues, "date_labels", lambda: moved)
        cues._matcher.cache_clear()

    yield move
    monkeypatch.undo()
    cues._matcher.cache_clear()


@pytest.mark.parametrize(("role", "entry"), ENTRIES, ids=IDS)
def test_each_example_dates_by_its_label_role(role: Role, entry: DateLabel) -> None:
    assert _role_after_label(entry.label, entry.example) == role


@pytest.mark.parametrize(("role", "entry"), ENTRIES, ids=IDS)
def test_each_example_is_dated_by_its_own_label(role: Role, entry: DateLabel, relabelled) -> None:
    """Moved to the strongest role, the label still decides (no later label overrides it); moved to the
    weakest, the date loses its role (no fallback, no other label gives it) unless a shorter label of the
    same role lies within this one (« notifié le » holds « notifié »)."""
    strong: Role = "birth" if role == "deadline" else "deadline"
    relabelled(entry.label, strong)
    assert _role_after_label(entry.label, entry.example) == strong
    within = [e.label for e in date_labels().roles[role] if e.label != entry.label and _words(e.label).search(entry.label)]
    if not within:
        weak: Role = "since" if role == "period" else "period"
        relabelled(entry.label, weak)
        assert _role_after_label(entry.label, entry.example) != role


def test_the_labels_per_role_are_those_counted() -> None:
    assert Counter({role: len(entries) for role, entries in date_labels().roles.items()}) == Counter(LABELS_PER_ROLE)


@pytest.mark.parametrize("change", [
    lambda d: d["roles"].update(signature=[{"label": "signe par", "example": "Signé par le préfet le 03/05/2022"}]),
    lambda d: d["roles"]["issue"][0].update(label=" "),
    lambda d: d["roles"]["issue"][0].update(label="Fait à"),
    lambda d: d["roles"]["issue"][0].update(weight=2),
    lambda d: d["roles"]["birth"].append(d["roles"]["issue"][0]),
    lambda d: d["roles"]["issue"][0].pop("example"),
], ids=["unknown role", "empty label", "unfolded label", "unknown key", "label twice", "no example"])
def test_a_malformed_file_is_an_error_naming_it(tmp_path: Path, change) -> None:
    path = changed_copy(LABELS_PATH, tmp_path, change)
    with pytest.raises(LexiconError, match=re.escape(str(path))):
        load_lexicon(path, DateLabels)
