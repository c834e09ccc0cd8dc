"""Where the tests find the committed sample set, the shared broken inputs and the papers made by other hands."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample"
BAD_INPUTS = ROOT.parent / "shared" / "bad-inputs"
FOREIGN = ROOT.parent / "shared" / "foreign-1" / "dossiers"
