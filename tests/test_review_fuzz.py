"""Issue 17: whatever a client posts as a correction, the API answers it without a 500, and a
correction it accepts leaves the dossier loadable after a restart (the audit replayed from SQLite)."""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_review_support import logged_in, setup

from review.fields import FIELDS
from review.store import Store

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
TEXT = st.text(st.one_of(st.characters(), SURROGATES), max_size=30)
NUMBER = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True))
CORRECTIONS = st.fixed_dictionaries(
    {
        "document": st.one_of(st.sampled_from(["tcf.pdf", "pile.pdf#p2-3"]), TEXT),
        "field": st.one_of(st.sampled_from(sorted(FIELDS)), TEXT),
        "value": st.one_of(st.none(), TEXT, st.booleans(), NUMBER, st.dates().map(str), st.sampled_from(["B2", "TCF"])),
        "reason": st.one_of(st.just("relu sur l'original"), TEXT),
    },
    optional={
        "page": st.one_of(st.none(), st.integers(-3, 5), st.integers(), st.floats()),
        "bbox": st.one_of(st.none(), st.lists(NUMBER, min_size=0, max_size=5), st.tuples(*[st.floats(0, 900)] * 4)),
        "stale": st.booleans(),
        "extra": TEXT,
    },
)


def test_any_accepted_correction_leaves_the_dossier_loadable_after_a_restart(tmp_path: Path) -> None:
    out, db_path = setup(tmp_path)
    client, csrf = logged_in(db_path, out)
    accepted = []

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(CORRECTIONS)
    def post(body: dict) -> None:
        version = Store(db_path).get("R0001").version
        body = {**body, "version": version - 1 if body.pop("stale", False) else version}
        response = client.post(
            "/api/dossiers/R0001/corrections",
            content=json.dumps(body, allow_nan=True).encode(),  # « NaN », « Infinity », « \ud800 » as sent
            headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
        )
        assert response.status_code in (200, 404, 409, 422), response.text
        if response.status_code != 200:
            return
        accepted.append(body)
        report = Store(db_path).load(out)  # what `aes review serve` does on a restart
        assert report.failed == [] and report.unusable_edits == 0
        assert Store(db_path).get("R0001").version >= version + 1

    post()
    assert accepted, "no correction was accepted: the strategy tests nothing"
