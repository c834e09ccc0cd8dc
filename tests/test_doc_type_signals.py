"""The classifier's wording of extractor/data/doc_type_signals.json: each pattern finds its own example."""

import re
from pathlib import Path

import pytest
from lexicon_support import changed_copy

from extractor.facts.classify import SIGNALS_PATH, DocTypeSignals, Subject, doc_type_signals
from extractor.facts.folding import fold
from extractor.facts.lexicon import load_lexicon
from models.errors import LexiconError

SIGNALS = [(t, s) for t, signals in doc_type_signals().signals.items() for s in signals]
SUBJECTS = [(t, s) for t, words in doc_type_signals().subjects.items() for s in words]


@pytest.mark.parametrize(("doc_type", "signal"), SIGNALS + SUBJECTS, ids=[f"{t}:{s.pattern}" for t, s in SIGNALS + SUBJECTS])
def test_each_pattern_finds_its_example_once_folded(doc_type: str, signal: Subject) -> None:
    assert re.search(signal.pattern, fold(signal.example)), f"{doc_type}: « {signal.example} »"


def test_every_type_has_its_signals_and_a_subject_is_a_signalled_type() -> None:
    lexicon = doc_type_signals()
    assert all(lexicon.signals.values())
    assert all(lexicon.subjects.values()) and set(lexicon.subjects) <= set(lexicon.signals)


@pytest.mark.parametrize("change", [
    lambda d: d["signals"].update(visa=[{"pattern": "visa", "weight": 5, "example": "VISA"}]),
    lambda d: d["signals"]["payslip"][0].update(pattern="bulletin de (paie"),
    lambda d: d["signals"]["payslip"][0].update(pattern=""),
    lambda d: d["signals"]["payslip"][0].update(weight=0),
    lambda d: d["signals"]["payslip"][0].pop("example"),
    lambda d: d["subjects"]["medical"][0].update(weight=2),
], ids=["unknown type", "broken pattern", "empty pattern", "zero weight", "no example", "unknown key"])
def test_a_malformed_file_is_an_error_naming_it(tmp_path: Path, change) -> None:
    path = changed_copy(SIGNALS_PATH, tmp_path, change)
    with pytest.raises(LexiconError, match=re.escape(str(path))):
        load_lexicon(path, DocTypeSignals)
