"""Where the tests find the committed sample set and the shared broken inputs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample"
BAD_INPUTS = ROOT.parent / "shared" / "bad-inputs"
