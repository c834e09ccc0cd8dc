"""Shared fixtures: the committed sample set processed once per test session."""

import pytest
from sample_paths import SAMPLE

from pipelines.batch.process import BatchOptions, BatchResult, process_batch


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> BatchResult:
    """`aes process` on the bundled sample dossiers, real Tesseract included, with 2 workers."""
    out = tmp_path_factory.mktemp("sample-out")
    return process_batch(SAMPLE / "dossiers", out, BatchOptions(jobs=2))
